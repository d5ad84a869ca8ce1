// Builds the console (console/) into console/dist: gql.tada's types from schema.graphql, then Vite.
// Run by `npm install` (postinstall) and by `npm start` when the build is missing or older than its
// sources, so a fresh clone needs only the README's two commands. `--check` only type-checks the
// console's GraphQL operations against schema.graphql (part of `npm run typecheck`).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..');
const consoleDir = path.join(root, 'console');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: consoleDir, stdio: 'inherit' });

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** true when console/dist is missing or older than console/ or schema.graphql. */
export function consoleBuildIsStale(): boolean {
  const index = path.join(consoleDir, 'dist', 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return Math.max(newestSource(consoleDir), statSync(path.join(root, 'schema.graphql')).mtimeMs) > built;
}

export function generateGraphqlTypes(): void {
  run(bin('gql.tada'), ['generate-output', '--tsconfig', 'tsconfig.json']);
}

export function buildConsole(): void {
  generateGraphqlTypes();
  run(bin('vite'), ['build', '--logLevel', 'warn']);
}

if (require.main === module) {
  if (process.argv.includes('--check')) {
    generateGraphqlTypes();
    run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  } else if (!process.argv.includes('--if-stale') || consoleBuildIsStale()) {
    buildConsole();
  }
}
