// The committed schema.graphql is the schema the code builds: a change to graphql/schema/*.ts
// must come with the regenerated file, so reviewers (and portal and agency developers) see it.
import { readFileSync } from 'node:fs';
import { printedSchema, SCHEMA_FILE } from '../scripts/print-schema';

test('schema.graphql is up to date (run `npm run schema:print` after changing the schema)', () => {
  let committed: string;
  try {
    committed = readFileSync(SCHEMA_FILE, 'utf8');
  } catch {
    throw new Error(`${SCHEMA_FILE} is missing: run \`npm run schema:print\` and commit it`);
  }
  const current = printedSchema();
  if (committed !== current) {
    throw new Error(
      'schema.graphql is out of date with graphql/schema/*.ts: run `npm run schema:print` and commit the result.\n' +
        firstDifference(committed, current),
    );
  }
});

function firstDifference(committed: string, current: string): string {
  const a = committed.split('\n');
  const b = current.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `First difference at line ${at + 1}:\n  schema.graphql: ${a[at] ?? '(end of file)'}\n  the code:       ${b[at] ?? '(end of file)'}`;
}
