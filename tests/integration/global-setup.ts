// Once per `jest` run of the integration project: a fresh PostgreSQL database with the migrations
// applied, the real Temporal dev server binary, and the workflow bundle built once for every worker.
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase, DEFAULT_ADMIN_URL } from '../../platform/scratch-database';
import { locateBinary, TEMPORAL_CLI } from '../../platform/temporal-binaries';
import { startTemporalDevServer, type DevServer } from '../../platform/temporal-dev-server';
import { bundleWorkflowsToFile } from '../../platform/workflow-bundle';
import { openDatabase } from '../../prisma/database';
import { applyMigrations } from '../../prisma/migrate';

declare global {
  var __integration: { devServer: DevServer; databaseName: string; adminUrl: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? DEFAULT_ADMIN_URL;
  const database = await createScratchDatabase('lien_thong_test', adminUrl);
  const db = await openDatabase({ url: database.url });
  try {
    await applyMigrations(db.sql);
  } finally {
    await db.close();
  }
  const devServer = await startTemporalDevServer({ headless: true });
  const bundlePath = await bundleWorkflowsToFile(
    require.resolve('../../workflows'),
    path.join(os.tmpdir(), `lien-thong-workflows-${process.pid}.js`),
  );

  process.env.DATABASE_URL = database.url;
  process.env.TEMPORAL_ADDRESS = devServer.address;
  process.env.WORKFLOW_BUNDLE_PATH = bundlePath;
  globalThis.__integration = { devServer, databaseName: database.name, adminUrl };
  const cli = locateBinary(TEMPORAL_CLI);
  console.log(
    `\n[integration] PostgreSQL database ${database.name}; Temporal dev server ${devServer.address} (pid ${devServer.process.pid}, binary ${cli.source === 'download' ? 'sdk download' : cli.path})`,
  );
}
