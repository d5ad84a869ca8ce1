// Once per `jest` run of the integration project: a fresh PostgreSQL database with the migrations
// applied, the real Temporal dev server binary, and the workflow bundle built once for every worker.
import os from 'node:os';
import path from 'node:path';
import {
  createScratchDatabase,
  DEFAULT_ADMIN_URL,
  type ScratchDatabase,
} from '../../platform/scratch-database';
import { locateBinary, TEMPORAL_CLI } from '../../platform/temporal-binaries';
import { startTemporalDevServer, type DevServer } from '../../platform/temporal-dev-server';
import { bundleWorkflowsToFile } from '../../platform/workflow-bundle';
import { openDatabase } from '../../prisma/database';
import { applyMigrations } from '../../prisma/migrate';

declare global {
  var __integration: { devServer: DevServer; databaseNames: string[]; adminUrl: string } | undefined;
}

/**
 * One lane per jest worker (maxWorkers): a database and a Temporal namespace of its own. Files of one
 * worker run one after another in its lane and share it, as they always did; two workers never meet.
 * Sharing across workers would not do: each worker seeds the agencies with the addresses of its own
 * simulators, and dossier codes, hence workflow ids, are unique only within one database.
 */
export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? DEFAULT_ADMIN_URL;
  const lanes = Math.max(1, globalConfig.maxWorkers);
  const databases: ScratchDatabase[] = [];
  for (let lane = 1; lane <= lanes; lane++) {
    const database = await createScratchDatabase(`lien_thong_test_w${lane}`, adminUrl);
    databases.push(database);
    const db = await openDatabase({ url: database.url });
    try {
      await applyMigrations(db.sql);
    } finally {
      await db.close();
    }
  }
  const namespaces = databases.map((_, i) => `lien-thong-test-${i + 1}`);
  const devServer = await startTemporalDevServer({ headless: true, extraNamespaces: namespaces });
  const bundlePath = await bundleWorkflowsToFile(
    require.resolve('../../workflows'),
    path.join(os.tmpdir(), `lien-thong-workflows-${process.pid}.js`),
  );

  // Read per worker by lane.ts (JEST_WORKER_ID picks the lane).
  process.env.TEST_LANE_DATABASE_URLS = databases.map((d) => d.url).join(' ');
  process.env.TEST_LANE_NAMESPACES = namespaces.join(' ');
  process.env.TEMPORAL_ADDRESS = devServer.address;
  process.env.WORKFLOW_BUNDLE_PATH = bundlePath;
  globalThis.__integration = { devServer, databaseNames: databases.map((d) => d.name), adminUrl };
  const cli = locateBinary(TEMPORAL_CLI);
  console.log(
    `\n[integration] ${lanes} lane(s): PostgreSQL databases ${databases.map((d) => d.name).join(', ')}, namespaces ${namespaces.join(', ')}; Temporal dev server ${devServer.address} (pid ${devServer.process.pid}, binary ${cli.source === 'download' ? 'sdk download' : cli.path})`,
  );
}
