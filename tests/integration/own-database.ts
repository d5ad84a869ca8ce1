// Every integration test file gets a database of its own, copied from the run's migrated template
// (tests/integration/global-setup.ts) before the file's own hooks run. Files can then run side by
// side: each seeds the sample catalog with the addresses of its own agency simulators, sets its own
// calendar days and counts its own dossiers, with nobody else's rows in the way. The copies are
// dropped with the template at the end of the run (global-teardown.ts).
import { createScratchDatabase } from '../../platform/scratch-database';
import { requiredEnv } from '../support/test-env';

beforeAll(async () => {
  const template = requiredEnv('TEST_DATABASE_TEMPLATE');
  const own = await createScratchDatabase(template, requiredEnv('TEST_DATABASE_ADMIN_URL'), { template });
  process.env.DATABASE_URL = own.url;
}, 60_000);
