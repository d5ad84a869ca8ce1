import { createSignInThrottle } from './sign-in-throttle';

const limits = { failuresPerAccount: 3, failuresPerClient: 5, windowSeconds: 60 };

test('a username is refused after its failures, whoever fails; a success clears its count', async () => {
  const throttle = await createSignInThrottle(limits, { kind: 'memory' });
  await throttle.recordFailure('lan', '10.0.0.1');
  await throttle.recordFailure('lan', '10.0.0.2');
  await throttle.recordSuccess('lan');
  for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) await throttle.recordFailure('lan', ip);
  const refused = await throttle.check('lan', '10.0.0.9');
  expect(refused.allowed).toBe(false);
  expect(refused.retryAfterSeconds).toBeGreaterThan(0);
  expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
  expect((await throttle.check('an', '10.0.0.9')).allowed).toBe(true);
});

test('a client is refused after its failures over any usernames; an IPv6 client counts by its /64', async () => {
  const throttle = await createSignInThrottle(limits, { kind: 'memory' });
  for (let i = 0; i < 5; i++) await throttle.recordFailure(`user${i}`, `2001:db8:1:2::${i + 1}`);
  expect((await throttle.check('someone', '2001:db8:1:2::ffff')).allowed).toBe(false);
  expect((await throttle.check('someone', '2001:db8:1:3::1')).allowed).toBe(true);
});

test('limits must be whole numbers of at least 1', async () => {
  await expect(
    createSignInThrottle({ ...limits, failuresPerAccount: 0 }, { kind: 'memory' }),
  ).rejects.toThrow(RangeError);
});
