// 5. Open dossiers at scale: N dossiers (50,000 by default) waiting on agencies (their first step was
// ACCEPTED by the agency system, whose callback would only come hours later) with their timers
// pending: worker process memory, Temporal dev server memory, database size, and how late the
// step-overdue escalation timers fire (escalation raised_at minus the step's due_at, p50/p99).
//
// The bench calendar: a working day is the sum of the office periods (WorkingCalendar), so office
// hours of ONE period [now, now + W minutes) make a working day W minutes long. The bench procedure's
// first step takes 0.5 working day, i.e. W/2 minutes of wall-clock time from its start while the
// window is open. The window opens at the next whole minute and W is chosen so that every dossier is
// submitted before the first half of the window is over. Submissions are paced (BENCH_OPEN_RATE per
// second, default 18, what a 2-core host takes on): faster than the engine takes them on, they would
// pile up as a backlog of workflow tasks that the first timers then wait behind, and the lateness
// measured would be the backlog's, not the timers' (watchBacklog stops such a run early). So the run
// lasts about 2 x N / rate (50,000: about 95 minutes); today is made a working day with a calendar
// override (an administrator's decision, in the bench DB). No domain or workflow code is changed:
// only the office hours the API's calendar source is given.
import { DEFAULT_OFFICE_HOURS } from '../domain/calendar/holidays';
import type { OfficeHours } from '../domain/calendar/types';
import { benchProcedure, withStack, type BenchStack } from './stack';
import { percentile, pool, printTable, type BenchContext, type BenchResult, type Row } from './stats';
import { submitInput } from './engine-throughput';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createBaselineWorker } from './baseline-worker';
import { CpuMeter, describeCpuUse } from './cpu-meter';

const PROCEDURE = 'BENCH.OPEN';
/** Dossiers whose first step was delivered to and ACCEPTED by its agency: waiting on it, timer pending. */
const WAITING_ON_AGENCY = `SELECT count(*)::int AS n FROM dossier_step WHERE key = 'a' AND status = 'ACTIVE' AND reference IS NOT NULL`;
const SUBMIT = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { dossier { code } } }`;

function localClock(at: Date, timeZone: string): { date: string; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}
function windowOpening(timeZone: string): { opening: number; now: { date: string; minutes: number } } {
  const opening = Date.now() + 20_000;
  const now = localClock(new Date(opening), timeZone);
  now.minutes += 1;
  return { opening, now };
}

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

function rssOf(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

export async function openDossiers(ctx: BenchContext): Promise<BenchResult> {
  const n = ctx.quick ? 100 : Number(process.env.BENCH_OPEN_DOSSIERS ?? 50_000);
  const rate = ctx.quick ? 100 : Number(process.env.BENCH_OPEN_RATE ?? 18);
  const submitMinutes = Math.ceil(n / rate / 60);
  // Quick: a one-minute working day, so the first steps are due half a minute after the window opens.
  const windowMinutes = ctx.quick ? 1 : 2 * submitMinutes + 3;
  const timeZone = DEFAULT_OFFICE_HOURS.timeZone;
  // The window opens at the first whole minute after the stack is up: dossiers received before it
  // count as received when it opens (normaliseReceipt), later ones when they arrive. It must close
  // before local midnight (office periods are within a day): too close to it, wait for the new day.
  let { opening, now } = windowOpening(timeZone);
  if (now.minutes + windowMinutes + 1 > 24 * 60) {
    const waitMs = (24 * 60 - now.minutes + 1) * 60_000;
    ctx.log(
      `open-dossiers: a ${windowMinutes}-minute office window would cross local midnight (${timeZone}); waiting ${Math.round(waitMs / 60_000)} min for the new day`,
    );
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    ({ opening, now } = windowOpening(timeZone));
  }
  // Zone offsets are whole minutes, so the local minute boundary is the UTC one.
  const windowEndMs = (Math.floor(opening / 60_000) + 1 + windowMinutes) * 60_000;
  const officeHours: OfficeHours = {
    timeZone,
    periods: [{ start: hhmm(now.minutes), end: hhmm(now.minutes + windowMinutes) }],
    workingWeekdays: [1, 2, 3, 4, 5, 6, 7],
  };
  const procedure = {
    ...benchProcedure(PROCEDURE, 0.5, 5),
    name: 'Bench: open dossiers (0.5-day first step)',
  };
  return withStack(
    {
      log: ctx.log,
      officeHours,
      procedures: [procedure],
      behaviour: { default: { outcome: 'ACCEPTED', callbackDelayMs: 6 * 3600_000 } },
      temporalOnDisk: true,
    },
    async (stack) => {
      await stack.db.prisma.calendarDay.upsert({
        where: { date: now.date },
        create: { date: now.date, working: true, reason: 'bench: working day' },
        update: { working: true },
      });
      ctx.log(
        `open-dossiers: office hours ${officeHours.periods[0].start}-${officeHours.periods[0].end} ${timeZone}: one working day = ${windowMinutes} min, the first step (0.5 day) = ${windowMinutes / 2} min`,
      );
      const meter = new CpuMeter(stack.devServer.process.pid);
      global.gc?.();
      const before = {
        rss: process.memoryUsage().rss / 2 ** 20,
        heap: process.memoryUsage().heapUsed / 2 ** 20,
        temporal: rssOf(stack.devServer.process.pid),
      };
      const dbBefore = await dbSize(stack);
      const t0 = Date.now();
      let failures = 0;
      let firstError: unknown;
      let submitted = 0;
      const backlog = watchBacklog(stack, rate, () => submitted);
      try {
        await pool(n, 16, async (i) => {
          const at = t0 + (i * 1000) / rate;
          if (at > Date.now()) await new Promise((resolve) => setTimeout(resolve, at - Date.now()));
          backlog.check();
          const answer = await stack.graphql(
            SUBMIT,
            { input: submitInput(PROCEDURE, `open-dossier-${i}`) },
            stack.portalKey,
          );
          submitted++;
          if (answer.errors?.length) {
            failures++;
            firstError ??= answer.errors;
          }
        });
      } finally {
        backlog.stop();
      }
      if (failures)
        throw new Error(
          `open-dossiers: ${failures}/${n} submissions failed: ${JSON.stringify(firstError).slice(0, 500)}`,
        );
      const submitSec = (Date.now() - t0) / 1000;
      ctx.log(`open-dossiers: ${n} submitted in ${submitSec.toFixed(1)} s (${(n / submitSec).toFixed(0)}/s)`);
      const [{ lastDue }] = await stack.db.prisma.$queryRawUnsafe<{ lastDue: Date }[]>(
        `SELECT max(due_at) AS "lastDue" FROM dossier_step WHERE key = 'a' AND due_at IS NOT NULL`,
      );
      // Every dossier waiting on its agency (step a ACTIVE, delivered and ACCEPTED) before measuring memory.
      await waitFor(stack, WAITING_ON_AGENCY, n, Math.max(120_000, windowEndMs - Date.now()));
      global.gc?.();
      const open = {
        rss: process.memoryUsage().rss / 2 ** 20,
        heap: process.memoryUsage().heapUsed / 2 ** 20,
        temporal: rssOf(stack.devServer.process.pid),
      };
      const dbOpen = await dbSize(stack);
      const cached = (stack.worker!.getStatus() as any).numCachedWorkflows;
      ctx.log(`open-dossiers: all ${n} waiting on agencies; step deadlines until ${lastDue?.toISOString()}`);
      if (cached < n) {
        ctx.log(
          `open-dossiers: the worker caches ${cached} of ${n} open dossiers; timers of the others replay their history first (WORKER_MAX_CACHED_WORKFLOWS, BENCHMARKS.md section 5)`,
        );
      }
      if (!lastDue || lastDue.getTime() > windowEndMs)
        throw new Error(
          'the first steps are not due inside the window: submissions too slow for the bench calendar',
        );
      await waitFor(
        stack,
        `SELECT count(*)::int AS n FROM escalation WHERE reason = 'STEP_OVERDUE'`,
        n,
        lastDue.getTime() - Date.now() + 120_000,
      );
      // Dossiers submitted before the window opened are received when it opens (as overnight filings
      // are at 07:30): their first steps share ONE deadline, a burst. The rest have deadlines spread at
      // the submission rate. Reported apart: the burst shows how fast simultaneous deadlines are all
      // noticed; "after the burst" (due once every burst escalation was raised) the steady state.
      const rows = await stack.db.prisma.$queryRawUnsafe<
        { ms: number; burst: boolean; due: Date; raised: Date }[]
      >(
        `SELECT (extract(epoch FROM e.raised_at - s.due_at) * 1000)::float8 AS ms, d.received_at = o.opening AS burst,
                s.due_at AS due, e.raised_at AS raised
           FROM escalation e JOIN dossier_step s ON s.dossier_code = e.dossier_code AND s.key = e.step_key
           JOIN dossier d ON d.code = e.dossier_code, (SELECT min(received_at) AS opening FROM dossier) o
          WHERE e.reason = 'STEP_OVERDUE'`,
      );
      const lateness = rows.map((r) => r.ms);
      const burst = rows.filter((r) => r.burst);
      const burstNoticed = Math.max(0, ...burst.map((r) => r.raised.getTime()));
      const steady = rows.filter((r) => !r.burst && r.due.getTime() > burstNoticed).map((r) => r.ms);
      // The floor, on the same server (still holding every open dossier) and worker settings: as many
      // no-op workflows as the burst, all waiting for one shared instant.
      const floorRun = await timerFloor(stack, Math.max(burst.length, 50), ctx.log);
      const floor = floorRun.late;
      // Where the CPU went while each drained (the profile of the gap, see BENCHMARKS.md).
      const burstCpu = burst.length ? meter.useBetween(burst[0].due.getTime(), burstNoticed) : undefined;
      const floorCpu = meter.useBetween(floorRun.at, floorRun.at + Math.max(0, ...floor));
      meter.stop();
      const drainRate = (values: number[]) => values.length / (Math.max(1, ...values) / 1000);
      const [burstRate, floorRate] = [drainRate(burst.map((r) => r.ms)), drainRate(floor)];
      const spread = (values: number[]) =>
        values.length
          ? `${percentile(values, 50).toFixed(0)} / ${percentile(values, 99).toFixed(0)} / ${percentile(values, 100).toFixed(0)}`
          : 'none';
      const summary: Row[] = [
        { what: 'open dossiers', value: n },
        { what: `submitted per s (16 clients, paced at ${rate}/s)`, value: n / submitSec },
        {
          what: 'bench process RSS MiB (API + worker + simulators), before -> open',
          value: `${before.rss.toFixed(0)} -> ${open.rss.toFixed(0)}`,
        },
        {
          what: 'bench process heap MiB, before -> open',
          value: `${before.heap.toFixed(0)} -> ${open.heap.toFixed(0)}`,
        },
        { what: 'worker cached workflows', value: cached },
        {
          what: 'Temporal dev server RSS MiB, before -> open',
          value: `${before.temporal.toFixed(0)} -> ${open.temporal.toFixed(0)}`,
        },
        {
          what: 'PostgreSQL database MiB, before -> open',
          value: `${dbBefore.toFixed(1)} -> ${dbOpen.toFixed(1)}`,
        },
        { what: 'escalation timer lateness p50 ms', value: percentile(lateness, 50) },
        { what: 'escalation timer lateness p99 ms (target < 2000)', value: percentile(lateness, 99) },
        { what: 'escalation timer lateness max ms', value: percentile(lateness, 100) },
        { what: 'escalations measured', value: lateness.length },
        {
          what: `  burst: ${burst.length} first steps sharing the window's opening deadline, lateness p50 / p99 / max ms`,
          value: spread(burst.map((r) => r.ms)),
        },
        {
          what: `  floor: ${floor.length} no-op timer workflows sharing one deadline, same server and worker settings, lateness p50 / p99 / max ms`,
          value: spread(floor),
        },
        {
          what: '  simultaneous deadlines noticed per s: burst / floor (ratio)',
          value: burst.length
            ? `${burstRate.toFixed(0)} / ${floorRate.toFixed(0)} (${(burstRate / floorRate).toFixed(2)})`
            : 'no burst',
        },
        { what: '  CPU cores in use while the burst drained', value: describeCpuUse(burstCpu) },
        { what: '  CPU cores in use while the floor drained', value: describeCpuUse(floorCpu) },
        {
          what: `  after the burst: ${steady.length} deadlines spread at ${rate}/s, lateness p50 / p99 / max ms`,
          value: spread(steady),
        },
      ];
      printTable(`Open dossiers at scale (bench calendar: ${windowMinutes}-minute working day)`, summary);
      return {
        name: 'open-dossiers',
        summary,
        runs: [
          {
            n,
            rate,
            submitSec,
            before,
            open,
            dbBefore,
            dbOpen,
            cached,
            lateness: {
              p50: percentile(lateness, 50),
              p99: percentile(lateness, 99),
              max: percentile(lateness, 100),
            },
            burst: spread(burst.map((r) => r.ms)),
            floor: spread(floor),
            burstCpu,
            floorCpu,
            steady: spread(steady),
          },
        ],
        notes: [
          'Lateness = escalation.raised_at (workflow time of the timer-fired task) - dossier_step.due_at.',
          'Floor: bench/baseline-workflow.ts timerBaselineWorkflow, a timer then one no-op activity, lateness = workflow time of the timer-fired task - the shared instant.',
          'Memory: the worker shares the bench process with the API and the simulators (as in npm start); run with node --expose-gc for stable heap figures.',
        ],
      };
    },
  );
}

/** Lateness (ms) of `count` no-op timer workflows all due at one instant, on our worker's settings. */
async function timerFloor(
  stack: BenchStack,
  count: number,
  log: (line: string) => void,
): Promise<{ at: number; late: number[] }> {
  const late = new Map<string, number>();
  const taskQueue = `timer-baseline-${randomUUID()}`;
  const worker = await createBaselineWorker(stack.workerConnection, taskQueue, stack.worker!, {
    woke: (id, ms) => late.set(id, ms),
  });
  const running = worker.run();
  try {
    const at = Date.now() + 15_000 + count * 20; // lead: every workflow is started and waiting before it
    await pool(count, 16, async (i) => {
      const workflowId = `timer-baseline-${i}-${randomUUID().slice(0, 8)}`;
      await stack.temporal.workflow.start('timerBaselineWorkflow', {
        taskQueue,
        workflowId,
        args: [{ workflowId, at }],
      });
    });
    if (Date.now() >= at)
      throw new Error(`timer floor: starting ${count} workflows took longer than the lead`);
    log(
      `open-dossiers: floor of ${count} no-op timer workflows started, due in ${((at - Date.now()) / 1000).toFixed(0)} s`,
    );
    const deadline = at + 120_000 + count * 200;
    while (late.size < count) {
      if (Date.now() > deadline) throw new Error(`timer floor: ${late.size}/${count} woke up`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return { at, late: [...late.values()] };
  } finally {
    worker.shutdown();
    await running;
  }
}

/**
 * Submissions faster than the engine takes them on pile up as a backlog of workflow tasks that the
 * first timers then wait behind: the run would measure the backlog, and only after its full length.
 * Checked every 30 s while submitting: more than a minute of submissions not yet waiting on their
 * agency stops the run at once, saying the rate the engine did take on.
 */
function watchBacklog(
  stack: BenchStack,
  rate: number,
  submitted: () => number,
): { check(): void; stop(): void } {
  const started = Date.now();
  let behind: Error | undefined;
  const timer = setInterval(() => {
    void stack.db.sql.query<{ n: number }>(WAITING_ON_AGENCY).then(
      ([row]) => {
        const lag = submitted() - row.n;
        if (lag <= rate * 60 || behind) return;
        const takenOn = row.n / ((Date.now() - started) / 1000);
        behind = new Error(
          `open-dossiers: the engine fell behind: ${lag} submitted dossiers are not yet waiting on their agency ` +
            `(more than a minute of submissions at ${rate}/s); it took on about ${takenOn.toFixed(1)}/s here. ` +
            `Run again with BENCH_OPEN_RATE below that.`,
        );
      },
      () => undefined,
    ); // a failed count is retried at the next tick; the run itself reports database faults
  }, 30_000);
  return {
    check: () => {
      assertServing(stack);
      if (behind) throw behind;
    },
    stop: () => clearInterval(timer),
  };
}

/** A dead Temporal server (the stack logs why) ends the run now, not at the end of a long wait. */
function assertServing(stack: BenchStack): void {
  const { exitCode, signalCode } = stack.devServer.process;
  if (exitCode !== null || signalCode !== null)
    throw new Error(`open-dossiers: the Temporal dev server died (${signalCode ?? `code ${exitCode}`})`);
}

async function dbSize(stack: BenchStack): Promise<number> {
  const [row] = await stack.db.sql.query<{ b: string }>(
    `SELECT pg_database_size(current_database())::text AS b`,
  );
  return Number(row.b) / 2 ** 20;
}

async function waitFor(stack: BenchStack, sql: string, n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    assertServing(stack);
    const [row] = await stack.db.sql.query<{ n: number }>(sql);
    if (row.n >= n) return;
    if (Date.now() > deadline) throw new Error(`open-dossiers: ${row.n}/${n} after ${timeoutMs} ms: ${sql}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
