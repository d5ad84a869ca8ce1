import { rm } from 'node:fs/promises';
import { dropScratchDatabase } from '../../platform/scratch-database';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__integration;
  if (!state) return;
  await state.devServer.stop();
  for (const name of state.databaseNames) await dropScratchDatabase(name, state.adminUrl);
  if (process.env.WORKFLOW_BUNDLE_PATH) await rm(process.env.WORKFLOW_BUNDLE_PATH, { force: true });
  console.log(`[integration] stopped the Temporal dev server and dropped ${state.databaseNames.join(', ')}`);
}
