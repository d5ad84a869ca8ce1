// The test-only fault switch: refused in production and for any unknown fault; when armed, it fails
// only the first attempt of a delivery to its agency, once per process, and lets everything else by.
import type { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { FATAL_FAULT_TYPE, testFaultSwitch } from './test-fault-switch';

type Call = { activityType: string; attempt: number; agencyCode?: string };

/** Runs `call` through the switch's interceptors; resolves 'passed' when the activity itself ran. */
function through(fault: ReturnType<typeof testFaultSwitch>, call: Call): Promise<unknown> {
  const ctx = { info: { activityType: call.activityType, attempt: call.attempt } } as unknown as Context;
  const [factory] = fault.activityInterceptors;
  const input = { args: call.agencyCode ? [{ agencyCode: call.agencyCode, stepKey: 's' }] : [], headers: {} };
  return factory(ctx).inbound!.execute!(input, async () => 'passed');
}

test('refused when NODE_ENV=production, and for anything but crash-worker-on-delivery:<AGENCY_CODE>', () => {
  expect(() =>
    testFaultSwitch({ NODE_ENV: 'production', LIEN_THONG_TEST_FAULT: 'crash-worker-on-delivery:STP' }),
  ).toThrow(/LIEN_THONG_TEST_FAULT: a test-only fault switch, refused when NODE_ENV=production/);
  for (const setting of [
    'crash-worker',
    'crash-worker-on-delivery:',
    'crash-worker-on-delivery:stp',
    'something-else:STP',
  ]) {
    expect(() => testFaultSwitch({ NODE_ENV: 'development', LIEN_THONG_TEST_FAULT: setting })).toThrow(
      /the only test fault is/,
    );
  }
  expect(testFaultSwitch({ NODE_ENV: 'production', LIEN_THONG_TEST_FAULT: undefined })).toEqual({
    activityInterceptors: [],
  });
});

test('armed: only the first attempt of a delivery to that agency fails, once per process', async () => {
  const fault = testFaultSwitch({
    NODE_ENV: 'development',
    LIEN_THONG_TEST_FAULT: 'crash-worker-on-delivery:STP',
  });
  expect(fault.armed).toMatch(/TEST FAULT ARMED/);
  await expect(
    through(fault, { activityType: 'deliverWorkItem', attempt: 1, agencyCode: 'BCA_C06' }),
  ).resolves.toBe('passed');
  await expect(
    through(fault, { activityType: 'deliverWorkItem', attempt: 2, agencyCode: 'STP' }),
  ).resolves.toBe('passed');
  await expect(through(fault, { activityType: 'applyReadModelUpdate', attempt: 1 })).resolves.toBe('passed');
  const fatal = await through(fault, {
    activityType: 'deliverWorkItem',
    attempt: 1,
    agencyCode: 'STP',
  }).catch((err: unknown) => err);
  expect(fatal).toBeInstanceOf(ApplicationFailure);
  expect((fatal as ApplicationFailure).type).toBe(FATAL_FAULT_TYPE);
  await expect(
    through(fault, { activityType: 'deliverWorkItem', attempt: 1, agencyCode: 'STP' }),
  ).resolves.toBe('passed');
});
