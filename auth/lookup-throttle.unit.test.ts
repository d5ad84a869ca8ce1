import { clientIpOf, MemoryLookupThrottle } from './lookup-throttle';

const WINDOW = 15 * 60_000;

function throttle(overrides: Partial<ConstructorParameters<typeof MemoryLookupThrottle>[0]> = {}) {
  let now = 1_000_000;
  const t = new MemoryLookupThrottle({ failuresPerClient: 10, failuresPerDossier: 5, windowMs: WINDOW, now: () => now, ...overrides });
  return { t, advance: (ms: number) => (now += ms) };
}

test('allows lookups until a dossier code has its limit of failures, then refuses even a correct one until the window passes', async () => {
  const { t, advance } = throttle();
  for (let i = 0; i < 4; i++) {
    expect(await t.check('1.1.1.1', 'A-1')).toEqual({ allowed: true });
    await t.recordFailure(`10.0.0.${i}`, 'A-1'); // from different clients: the per-code limit still counts them all
    advance(1000);
  }
  expect((await t.check('1.1.1.1', 'A-1')).allowed).toBe(true);
  await t.recordFailure('10.0.0.9', 'A-1');
  expect(await t.check('1.1.1.1', 'A-1')).toEqual({ allowed: false, limitedBy: 'dossier', retryAfterSeconds: (WINDOW - 4000) / 1000 });
  expect((await t.check('1.1.1.1', 'A-2')).allowed).toBe(true); // other codes are unaffected
  // Sliding: once the first failure leaves the window, one more lookup is allowed.
  advance(WINDOW - 4000 - 1);
  expect((await t.check('1.1.1.1', 'A-1')).allowed).toBe(false);
  advance(1);
  expect((await t.check('1.1.1.1', 'A-1')).allowed).toBe(true);
});

test('a client that fails on many codes is refused on every code', async () => {
  const { t, advance } = throttle();
  for (let i = 0; i < 10; i++) {
    await t.recordFailure('9.9.9.9', `CODE-${i}`);
    advance(10);
  }
  const refused = await t.check('9.9.9.9', 'NEVER-TRIED');
  expect(refused).toMatchObject({ allowed: false, limitedBy: 'client' });
  expect(refused.retryAfterSeconds).toBe(Math.ceil((WINDOW - 100) / 1000));
  expect((await t.check('8.8.8.8', 'NEVER-TRIED')).allowed).toBe(true);
  advance(WINDOW);
  expect((await t.check('9.9.9.9', 'NEVER-TRIED')).allowed).toBe(true);
});

test('memory stays bounded: at most `limit` timestamps per key and `maxTrackedKeys` keys, expired keys dropped', async () => {
  const { t, advance } = throttle({ maxTrackedKeys: 100, failuresPerClient: 1_000_000 });
  for (let i = 0; i < 1000; i++) await t.recordFailure('attacker', `CODE-${i}`);
  expect(t.size()).toEqual({ clients: 1, dossiers: 100 });
  // The most recent codes are the ones kept.
  for (let i = 0; i < 4; i++) await t.recordFailure('attacker', 'CODE-999');
  expect((await t.check('x', 'CODE-999')).allowed).toBe(false);
  advance(WINDOW + 1);
  await t.recordFailure('someone', 'FRESH');
  expect(t.size()).toEqual({ clients: 1, dossiers: 1 });
});

test('limits must be positive', () => {
  expect(() => new MemoryLookupThrottle({ failuresPerClient: 0, failuresPerDossier: 5, windowMs: 1000 })).toThrow(/failuresPerClient/);
});

test('the client address: the first X-Forwarded-For hop only behind a trusted proxy', () => {
  expect(clientIpOf('203.0.113.7, 10.0.0.1', '10.0.0.1', true)).toBe('203.0.113.7');
  expect(clientIpOf('203.0.113.7, 10.0.0.1', '10.0.0.1', false)).toBe('10.0.0.1');
  expect(clientIpOf(null, '::ffff:127.0.0.1', true)).toBe('127.0.0.1');
  expect(clientIpOf('', '::1', true)).toBe('::1');
  expect(clientIpOf(null, undefined, false)).toBe('unknown');
});
