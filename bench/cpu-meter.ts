// Where the machine's CPU goes during a phase of a benchmark: the CPU time of the Temporal dev
// server, the bench process (API + worker + simulators) and PostgreSQL (all its processes), and the
// whole machine's busy time, read from Linux's /proc once a second, so that a phase found only
// afterwards (the burst of shared deadlines) can still be cut out of the record.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on Linux builds everywhere). */
const TICKS = 100;

export interface CpuSample {
  at: number;
  temporal: number;
  bench: number;
  postgres: number;
  machineBusy: number;
}

/** Cores in use on average between two instants (2.0 = both cores of this machine, all the time). */
export type CpuUse = Omit<CpuSample, 'at'>;

export function processSeconds(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its ')' start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime + stime (fields 14 and 15)
  } catch {
    return 0; // the process has exited
  }
}

function postgresSeconds(): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') total += processSeconds(pid);
    } catch {
      // exited while we looked
    }
  }
  return total;
}

function machineBusySeconds(): number {
  // First line of /proc/stat: user nice system idle iowait irq softirq steal ...
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).map(Number);
  const busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + (ticks[7] ?? 0);
  return busy / TICKS;
}

export class CpuMeter {
  private readonly samples: CpuSample[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly temporalPid: number | undefined) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Average cores in use between `from` and `to` (ms), from the samples nearest outside them; undefined if under 2 s. */
  useBetween(from: number, to: number): CpuUse | undefined {
    this.sample();
    const first = [...this.samples].reverse().find((s) => s.at <= from);
    const last = this.samples.find((s) => s.at >= to);
    if (!first || !last || last.at - first.at < 2000) return undefined;
    const seconds = (last.at - first.at) / 1000;
    const rate = (k: keyof CpuUse) => Math.max(0, last[k] - first[k]) / seconds;
    return {
      temporal: rate('temporal'),
      bench: rate('bench'),
      postgres: rate('postgres'),
      machineBusy: rate('machineBusy'),
    };
  }

  private sample(): void {
    this.samples.push({
      at: Date.now(),
      temporal: this.temporalPid ? processSeconds(this.temporalPid) : 0,
      bench: processSeconds(process.pid),
      postgres: postgresSeconds(),
      machineBusy: machineBusySeconds(),
    });
  }
}

export function describeCpuUse(use: CpuUse | undefined): string {
  if (!use) return 'under 2 s: not measured';
  return `Temporal ${use.temporal.toFixed(2)}, bench process ${use.bench.toFixed(2)}, PostgreSQL ${use.postgres.toFixed(2)}; machine ${use.machineBusy.toFixed(2)} of ${os.cpus().length}`;
}
