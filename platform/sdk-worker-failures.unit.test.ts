import type { Logger } from '@temporalio/common';
import { forgetWorkerFailure, keepingWorkerFailures, takeWorkerFailure } from './sdk-worker-failures';

test("keeps each task queue's first 'Worker failed' error and passes every line on unchanged", () => {
  const lines: unknown[][] = [];
  const inner: Logger = {
    log: (...args) => void lines.push(args),
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
  };
  const logger = keepingWorkerFailures(inner);
  const first = new TypeError('Cannot decode Completion from buffer');
  logger.warn('Activity failed', { taskQueue: 'q1', error: new Error('not fatal') });
  logger.error('Worker failed', { taskQueue: 'q1', error: first });
  logger.error('Worker failed', { taskQueue: 'q1', error: new Error('a later one') });
  logger.log('ERROR', 'Worker failed', { taskQueue: 'q2', error: 'q2 failure' });
  expect(lines).toHaveLength(4);
  expect(lines[1]).toEqual(['ERROR', 'Worker failed', { taskQueue: 'q1', error: first }]);

  expect(takeWorkerFailure('q1')).toBe(first);
  expect(takeWorkerFailure('q1')).toBeUndefined();
  forgetWorkerFailure('q2');
  expect(takeWorkerFailure('q2')).toBeUndefined();
});
