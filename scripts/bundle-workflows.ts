// `npm run workflows:bundle -- <file>`: bundles the workflow code (with the failure converter that
// encrypts failure messages) into one file for WORKFLOW_BUNDLE_PATH, so production workers start
// without bundling. Build it from the same commit as the rest of the deployment.
import path from 'node:path';
import { bundleWorkflowsToFile } from '../platform/workflow-bundle';

async function run(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('Usage: npm run workflows:bundle -- <output file>');
  const written = await bundleWorkflowsToFile(require.resolve('../workflows'), path.resolve(file));
  console.log(`Workflow bundle written to ${written}; start workers with WORKFLOW_BUNDLE_PATH=${written}`);
}

run().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
