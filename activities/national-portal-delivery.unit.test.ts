import { backoffMs } from './national-portal-delivery';

test('the backoff doubles from the initial wait up to the maximum', () => {
  const policy = { initialMs: 1_000, maxMs: 60_000 };
  expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffMs(n, policy))).toEqual([
    1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000,
  ]);
  expect(backoffMs(1_000, policy)).toBe(60_000);
});
