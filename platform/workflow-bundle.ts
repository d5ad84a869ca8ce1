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

/** The workflow side of Temporal's OpenTelemetry interceptors: bundled only into a tracing worker's workflows. */
export const TRACING_WORKFLOW_INTERCEPTORS =
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

/**
 * With the system's failure converter inside, as workers built with `workflowsPath` bundle it;
 * `tracing`: with the workflow interceptors a worker needs when tracing is on (platform/observability/tracing.ts).
 */
export async function bundleWorkflowsToFile(
  workflowsPath: string,
  file: string,
  options: { tracing?: boolean } = {},
): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: quietLogger,
    ...(options.tracing ? { workflowInterceptorModules: [TRACING_WORKFLOW_INTERCEPTORS] } : {}),
  });
  await writeFile(file, code);
  return file;
}
