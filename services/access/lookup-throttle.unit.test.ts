import { DomainError } from '../../domain/errors';
import { hashLookupKey } from '../reception/lookup-key';
import {
  createLookupThrottle,
  findWithLookupKey,
  throttledLookup,
  type LookupLimits,
} from './lookup-throttle';

const WINDOW_S = 900;
const LIMITS: LookupLimits = {
  failuresPerClient: 10,
  failuresPerClientAndDossier: 3,
  windowSeconds: WINDOW_S,
  warnFailuresPerDossier: 12,
};
const CODE = 'UBND_XA_PHU_HOA-270105-0042';
const OTHER_CODE = 'UBND_XA_PHU_HOA-270105-0043';
const STRANGER = '203.0.113.9';
const OWNER = '198.51.100.4';

beforeEach(() => jest.useFakeTimers({ now: new Date('2027-01-05T02:00:00Z') }));
afterEach(() => jest.useRealTimers());

async function throttle(limits: Partial<LookupLimits> = {}) {
  const warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
  const log = {
    warn: (fields: Record<string, unknown>, message: string) => warnings.push({ fields, message }),
  };
  const t = await createLookupThrottle({ ...LIMITS, ...limits }, { kind: 'memory' }, log as never);
  return { t, warnings };
}

async function fail(
  t: Awaited<ReturnType<typeof throttle>>['t'],
  client: string,
  code: string,
  times: number,
) {
  for (let i = 0; i < times; i++) await t.recordFailure(client, code);
}

test("a stranger's failures on someone's code refuse the stranger on that code, never the owner", async () => {
  const { t } = await throttle();
  await fail(t, STRANGER, CODE, 2);
  expect(await t.check(STRANGER, CODE)).toEqual({ allowed: true });
  jest.advanceTimersByTime(60_000);
  await fail(t, STRANGER, CODE, 1);
  // The window began at the first failure, a minute ago.
  expect(await t.check(STRANGER, CODE)).toEqual({
    allowed: false,
    limitedBy: 'client-and-dossier',
    retryAfterSeconds: WINDOW_S - 60,
  });
  expect(await t.check(OWNER, CODE)).toEqual({ allowed: true });
  // The stranger still has the rest of its budget for other codes.
  expect(await t.check(STRANGER, OTHER_CODE)).toEqual({ allowed: true });

  // However many strangers fail on the code, the owner is never refused.
  for (let i = 1; i <= 50; i++) await fail(t, `192.0.2.${i}`, CODE, 3);
  expect(await t.check(OWNER, CODE)).toEqual({ allowed: true });

  jest.advanceTimersByTime((WINDOW_S - 60) * 1000 - 1);
  expect((await t.check(STRANGER, CODE)).allowed).toBe(false);
  jest.advanceTimersByTime(1);
  expect(await t.check(STRANGER, CODE)).toEqual({ allowed: true });
});

test('a client past its budget is refused on every code, a code it never tried included, until its window ends', async () => {
  const { t } = await throttle();
  // Spread over codes so that no one code reaches its per-code limit: only the client's budget counts.
  for (let i = 0; i < 10; i++) {
    await t.recordFailure(STRANGER, `UBND_XA_PHU_HOA-270105-${String(100 + i).padStart(4, '0')}`);
    jest.advanceTimersByTime(1000);
  }
  expect(await t.check(STRANGER, CODE)).toEqual({
    allowed: false,
    limitedBy: 'client',
    retryAfterSeconds: WINDOW_S - 10,
  });
  expect(await t.check(OWNER, CODE)).toEqual({ allowed: true });
  jest.advanceTimersByTime((WINDOW_S - 10) * 1000);
  expect(await t.check(STRANGER, CODE)).toEqual({ allowed: true });
});

test('when both limits are reached, the answer waits for the later window', async () => {
  const { t } = await throttle();
  await fail(t, STRANGER, CODE, 3); // code window from t=0
  jest.advanceTimersByTime(100_000);
  // The client's own window began with the first failure above, so it ends first.
  await fail(t, STRANGER, OTHER_CODE, 3);
  await fail(t, STRANGER, 'UBND_XA_PHU_HOA-270105-0044', 3);
  await fail(t, STRANGER, 'UBND_XA_PHU_HOA-270105-0045', 1);
  expect(await t.check(STRANGER, CODE)).toEqual({
    allowed: false,
    limitedBy: 'client',
    retryAfterSeconds: WINDOW_S - 100,
  });
  expect(await t.check(STRANGER, OTHER_CODE)).toEqual({
    allowed: false,
    limitedBy: 'client-and-dossier',
    retryAfterSeconds: WINDOW_S,
  });
});

test('IPv6 clients are counted by their /64: new addresses in the same /64 buy no new budget', async () => {
  const { t } = await throttle();
  for (let i = 1; i <= 10; i++)
    await t.recordFailure(`2001:db8:aa:bb::${i.toString(16)}`, `UBND_XA_PHU_HOA-270105-${1000 + i}`);
  expect((await t.check('2001:db8:aa:bb:ffff:1:2:3', CODE)).limitedBy).toBe('client');
  expect(await t.check('2001:db8:aa:bc::1', CODE)).toEqual({ allowed: true });
  // An IPv4 address written as IPv6 is the IPv4 client.
  await fail(t, '::ffff:198.51.100.77', CODE, 3);
  expect((await t.check('198.51.100.77', CODE)).limitedBy).toBe('client-and-dossier');
});

test('many failures on one code from several clients log one warning per window: the code, never who', async () => {
  const { t, warnings } = await throttle();
  await fail(t, '192.0.2.1', CODE, 3);
  await fail(t, '192.0.2.2', CODE, 3);
  await fail(t, '192.0.2.3', CODE, 3);
  await fail(t, '192.0.2.4', CODE, 2);
  expect(warnings).toHaveLength(0);
  await fail(t, '192.0.2.4', CODE, 1);
  expect(warnings).toHaveLength(1);
  expect(warnings[0].fields).toEqual({ dossierCode: CODE, failures: 12, windowSeconds: WINDOW_S });
  expect(JSON.stringify(warnings)).not.toMatch(/192\.0\.2/);
  // Nobody is refused for it.
  expect(await t.check(OWNER, CODE)).toEqual({ allowed: true });
  await fail(t, '192.0.2.5', CODE, 3);
  expect(warnings).toHaveLength(1);
  jest.advanceTimersByTime(WINDOW_S * 1000);
  for (let i = 6; i < 10; i++) await fail(t, `192.0.2.${i}`, CODE, 3);
  expect(warnings).toHaveLength(2);
});

test('what is not shaped like a receipt code counts as one code per client and never reaches the log', async () => {
  const { t, warnings } = await throttle({ warnFailuresPerDossier: 7 });
  await t.recordFailure(STRANGER, 'x'.repeat(10_000));
  await t.recordFailure(STRANGER, 'Nguyễn Văn An');
  await t.recordFailure(STRANGER, CODE.toLowerCase());
  expect((await t.check(STRANGER, 'another made-up code')).limitedBy).toBe('client-and-dossier');
  expect(await t.check(STRANGER, CODE)).toEqual({ allowed: true });
  for (let i = 1; i <= 10; i++) await fail(t, `192.0.2.${i}`, 'not-a-code', 3);
  expect(warnings).toEqual([]);
});

test('limits must be whole numbers, at least 1', async () => {
  await expect(createLookupThrottle({ ...LIMITS, failuresPerClient: 0 }, { kind: 'memory' })).rejects.toThrow(
    /failuresPerClient/,
  );
  await expect(createLookupThrottle({ ...LIMITS, windowSeconds: 1.5 }, { kind: 'memory' })).rejects.toThrow(
    /windowSeconds/,
  );
});

test('throttledLookup: a failed attempt counts and answers DOSSIER_NOT_FOUND; over the limit, RATE_LIMITED before any attempt', async () => {
  const { t } = await throttle();
  const attempt = jest.fn(async (found: boolean) => (found ? 'dossier' : undefined));
  await expect(throttledLookup(t, OWNER, CODE, () => attempt(true))).resolves.toBe('dossier');
  for (let i = 0; i < 3; i++) {
    await expect(throttledLookup(t, STRANGER, CODE, () => attempt(false))).rejects.toMatchObject({
      code: 'DOSSIER_NOT_FOUND',
    });
  }
  attempt.mockClear();
  const refused = await throttledLookup(t, STRANGER, CODE, () => attempt(true)).catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(DomainError);
  expect(refused).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: WINDOW_S } });
  expect(attempt).not.toHaveBeenCalled();
  // Successful lookups are not counted: the owner looks up as often as it likes.
  for (let i = 0; i < 20; i++)
    await expect(throttledLookup(t, OWNER, CODE, () => attempt(true))).resolves.toBe('dossier');
});

test('findWithLookupKey: only the right key finds the dossier; a wrong or missing key counts as a failure like an unknown code', async () => {
  const { t } = await throttle({ failuresPerClientAndDossier: 2 });
  const dossier = { code: CODE, lookupKeyHash: hashLookupKey('K3NP937BHQ') };
  const read = jest.fn(async () => dossier);
  const caller = (lookupKey: string | null) => ({ clientIp: STRANGER, lookupKey, throttle: t });
  // Keys are typed off paper: case and surrounding spaces do not matter.
  await expect(findWithLookupKey(caller(' k3np937bhq '), CODE, read)).resolves.toBe(dossier);
  await expect(findWithLookupKey(caller('K3NP937BHR'), CODE, read)).rejects.toMatchObject({
    code: 'DOSSIER_NOT_FOUND',
  });
  read.mockClear();
  await expect(findWithLookupKey(caller(null), CODE, read)).rejects.toMatchObject({
    code: 'DOSSIER_NOT_FOUND',
  });
  expect(read).not.toHaveBeenCalled();
  // Two failures on the code: now refused even with the right key.
  await expect(findWithLookupKey(caller('K3NP937BHQ'), CODE, read)).rejects.toMatchObject({
    code: 'RATE_LIMITED',
  });
});
