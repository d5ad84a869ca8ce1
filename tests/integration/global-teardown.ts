import { rm } from 'node:fs/promises';
import { dropScratchDatabasesStartingWith } from '../../platform/scratch-database';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__integration;
  if (!state) return;
  await state.devServer.stop();
  // The template and every test file's copy of it (own-database.ts), whose names start with its name.
  const dropped = await dropScratchDatabasesStartingWith(state.databaseName, state.adminUrl);
  if (process.env.WORKFLOW_BUNDLE_PATH) await rm(process.env.WORKFLOW_BUNDLE_PATH, { force: true });
  console.log(
    `[integration] stopped the Temporal dev server and dropped ${dropped.length} databases (${state.databaseName}*)`,
  );
}
