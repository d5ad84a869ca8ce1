// TEST-ONLY FAULT SWITCH. NOT A FEATURE. Refused when NODE_ENV=production.
//
// The tests of the watched worker (tests/integration/watched-worker.test.ts) need a real fatal
// error inside the Temporal SDK worker, the kind issue 14 hit, not a promise faked to reject:
//
//   LIEN_THONG_TEST_FAULT=crash-worker-on-delivery:<AGENCY_CODE>
//
// arms an activity interceptor, placed outermost, that makes the first delivery of a work item to
// that agency fail with an ApplicationFailure whose type holds a lone UTF-16 surrogate (the type, not
// the message: messages travel encrypted as payloads, platform/encryption/failure-converter.ts). The SDK then cannot
// hand the activity's result to its core ("Cannot decode Completion from buffer: DecodeError {
// InvalidString }") and the whole worker stops: `Worker.run()` rejects. It fires once per process
// and only on a delivery's first attempt, so the delivery retried after the restart (by the
// supervisor of `npm start`, or a new `npm run worker` process with the same environment) goes
// through and the dossier completes.
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { createAgencyActivities, DeliverWorkItemInput } from '../activities/agency-delivery';
import { ConfigError, type AppConfig } from '../platform/config';

const CRASH_WORKER_ON_DELIVERY = /^crash-worker-on-delivery:([A-Z0-9_]+)$/;
const DELIVERY_ACTIVITY: keyof ReturnType<typeof createAgencyActivities> = 'deliverWorkItem';

/**
 * Under 40 UTF-16 units on purpose: protobufjs writes strings that short with its own UTF-8
 * encoder, which turns a lone surrogate into bytes that are not UTF-8 (the SDK's core refuses
 * them); longer strings go through Node's Buffer, which would replace it with U+FFFD.
 */
export const FATAL_FAULT_TYPE = 'TestFault\uD800';

export interface TestFaultSwitch {
  /** Outermost first: what the worker must install before any interceptor of its own. */
  activityInterceptors: ActivityInterceptorsFactory[];
  /** What is armed, for a warning at start; undefined when nothing is. */
  armed?: string;
}

/** The switch from the configuration; one per process (it fires once per process). */
export function testFaultSwitch(
  config: Pick<AppConfig, 'LIEN_THONG_TEST_FAULT' | 'NODE_ENV'>,
): TestFaultSwitch {
  const setting = config.LIEN_THONG_TEST_FAULT;
  if (!setting) return { activityInterceptors: [] };
  if (config.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration:\n  LIEN_THONG_TEST_FAULT: a test-only fault switch, refused when NODE_ENV=production.',
    );
  }
  const agencyCode = CRASH_WORKER_ON_DELIVERY.exec(setting)?.[1];
  if (!agencyCode) {
    throw new ConfigError(
      'Invalid configuration:\n  LIEN_THONG_TEST_FAULT: the only test fault is `crash-worker-on-delivery:<AGENCY_CODE>`.',
    );
  }
  let fired = false;
  const crashOnFirstDelivery: ActivityInterceptorsFactory = (ctx) => ({
    inbound: {
      async execute(input, next) {
        const delivery = input.args[0] as DeliverWorkItemInput | undefined;
        if (
          !fired &&
          ctx.info.activityType === DELIVERY_ACTIVITY &&
          ctx.info.attempt === 1 &&
          delivery?.agencyCode === agencyCode
        ) {
          fired = true;
          throw ApplicationFailure.create({
            type: FATAL_FAULT_TYPE,
            message: 'test fault: the worker must die of this',
          });
        }
        return next(input);
      },
    },
  });
  return {
    activityInterceptors: [crashOnFirstDelivery],
    armed: `TEST FAULT ARMED: the worker will crash on the first delivery to ${agencyCode} (LIEN_THONG_TEST_FAULT)`,
  };
}
