// The dossier gauges: counted by the probe at most once per cache period however many scrapes ask,
// every gauge of a scrape from the same count, and a failed count kept visible without losing the last numbers.
import { registry } from './metrics';
import { observeOperations, type OperationsCountsLike } from './read-model-gauges';

const counts = (late: number): OperationsCountsLike => ({
  openDossiers: [
    { status: 'IN_PROGRESS', procedure: '2.000720', count: 5, late },
    { status: 'WAITING_SUPPLEMENT', procedure: '2.000720', count: 2, late: 0 },
  ],
  lateSteps: [{ agency: 'CCT_AN_PHU', count: late }],
  openEscalations: [{ agency: 'CCT_AN_PHU', level: 1, status: 'OPEN', count: 3 }],
});

test('counted once per cache period, all gauges from the same count; a failure keeps the last numbers', async () => {
  let clock = 1_000_000;
  let calls = 0;
  let next: () => Promise<OperationsCountsLike> = async () => counts(1);
  observeOperations(
    () => {
      calls++;
      return next();
    },
    { cacheMs: 15_000, now: () => clock },
  );
  const [first, second] = await Promise.all([registry.metrics(), registry.metrics()]);
  expect(calls).toBe(1);
  expect(first).toBe(second);
  expect(first).toContain('lien_thong_open_dossiers{status="IN_PROGRESS",procedure="2.000720"} 5');
  expect(first).toContain('lien_thong_open_late_dossiers{procedure="2.000720"} 1');
  expect(first).toContain('lien_thong_open_late_steps{agency="CCT_AN_PHU"} 1');
  expect(first).toContain('lien_thong_open_escalations{agency="CCT_AN_PHU",level="1",status="OPEN"} 3');

  clock += 10_000;
  next = async () => counts(4);
  expect(await registry.metrics()).toContain('lien_thong_open_late_steps{agency="CCT_AN_PHU"} 1');
  expect(calls).toBe(1);

  clock += 10_000;
  expect(await registry.metrics()).toContain('lien_thong_open_late_steps{agency="CCT_AN_PHU"} 4');
  expect(calls).toBe(2);

  clock += 20_000;
  next = () => Promise.reject(new Error('database down'));
  const failed = await registry.metrics();
  expect(failed).toContain('lien_thong_open_late_steps{agency="CCT_AN_PHU"} 4');
  expect(failed).toContain('lien_thong_operations_gauges_failures 1');
});
