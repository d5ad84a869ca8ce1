// Activity failures travel to Temporal's core as protobuf strings (message and stack trace), which
// it decodes as UTF-8: one unpaired surrogate there stops the whole worker. Messages can quote what
// an agency system answered, cut at a length that may split a surrogate pair. This interceptor makes
// every activity failure's text (message, stack, type, causes) well-formed on its way out, whatever
// the activity threw.
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { wellFormed } from '../domain/text/well-formed';

function repair(error: unknown, depth = 0): void {
  if (!(error instanceof Error) || depth > 10) return;
  error.message = wellFormed(error.message);
  if (error.stack) error.stack = wellFormed(error.stack);
  // A failure's type is sent as a plain string too (the failure converter encrypts only message and stack).
  if (error instanceof ApplicationFailure && error.type)
    (error as { type: string }).type = wellFormed(error.type);
  repair(error.cause, depth + 1);
}

export const wellFormedActivityFailures: ActivityInterceptorsFactory = () => ({
  inbound: {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (error) {
        repair(error);
        throw error;
      }
    },
  },
});
