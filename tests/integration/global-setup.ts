// Once per `jest` run of the integration project: a fresh PostgreSQL database with the migrations
// applied, the real Temporal dev server binary, and the workflow bundle built once for every worker.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { locateBinary, TEMPORAL_CLI } from '../../infra/temporal-binaries';
import { startTemporalDevServer, type DevServer } from '../../infra/temporal-dev-server';
import { openDatabase } from '../../prisma/database';
import { applyMigrations } from '../../prisma/migrate';
import { createTestDatabase } from '../support/test-database';

declare global {
  var __integration: { devServer: DevServer; databaseName: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  const database = await createTestDatabase();
  const db = await openDatabase({ url: database.url });
  try {
    await applyMigrations(db.sql);
  } finally {
    await db.close();
  }
  const devServer = await startTemporalDevServer({ headless: true });
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger });
  const bundlePath = path.join(os.tmpdir(), `lien-thong-workflows-${process.pid}.js`);
  await writeFile(bundlePath, code);

  process.env.DATABASE_URL = database.url;
  process.env.TEMPORAL_ADDRESS = devServer.address;
  process.env.WORKFLOW_BUNDLE_PATH = bundlePath;
  globalThis.__integration = { devServer, databaseName: database.name };
  const cli = locateBinary(TEMPORAL_CLI);
  console.log(
    `\n[integration] PostgreSQL database ${database.name}; Temporal dev server ${devServer.address} (pid ${devServer.process.pid}, binary ${cli.source === 'download' ? 'sdk download' : cli.path})`,
  );
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
