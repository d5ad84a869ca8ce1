// Bundles workflow code once into a file that many workers load (tests and benchmarks start
// several workers; bundling takes seconds). Quiet unless the bundler warns.
import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

export async function bundleWorkflowsToFile(workflowsPath: string, file: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
  await writeFile(file, code);
  return file;
}
