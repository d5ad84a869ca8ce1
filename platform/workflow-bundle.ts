// Bundles workflow code once into a file that many workers load (tests and benchmarks start
// several workers; bundling takes seconds). Quiet unless the bundler warns.
import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from './encryption/data-converter';

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

/** With the system's failure converter inside, as workers built with `workflowsPath` bundle it. */
export async function bundleWorkflowsToFile(workflowsPath: string, file: string): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: quietLogger,
  });
  await writeFile(file, code);
  return file;
}
