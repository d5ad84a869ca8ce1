/**
 * Conversions between instants and local wall-clock time of an IANA zone. Pure and workflow-safe:
 * it uses `Intl.DateTimeFormat` (available in Temporal's workflow sandbox) and no ambient clock.
 * Vietnam has had a fixed UTC+7 since 1975, but the zone is configurable, so offsets are looked up
 * rather than hard-coded, and cached because `formatToParts` costs microseconds per call.
 */
import { MS_PER_DAY } from './dates';

const MS_PER_MINUTE = 60_000;
/** Every real-world offset change happens on a quarter hour, so one lookup per bucket is exact. */
const BUCKET_MS = 15 * MS_PER_MINUTE;
const MAX_CACHED_BUCKETS = 50_000;

export class ZoneClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new Error(`Unknown time zone "${timeZone}"`);
    }
  }

  /** Offset of local time from UTC in milliseconds at the instant `ms` (e.g. +7 h for Vietnam). */
  offsetAt(ms: number): number {
    const bucket = Math.floor(ms / BUCKET_MS);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      offset = this.lookUpOffset(bucket * BUCKET_MS);
      if (this.offsets.size >= MAX_CACHED_BUCKETS) this.offsets.clear();
      this.offsets.set(bucket, offset);
    }
    return offset;
  }

  /** Day number (days since 1970-01-01) of the local date containing the instant. */
  localDayNumber(ms: number): number {
    return Math.floor((ms + this.offsetAt(ms)) / MS_PER_DAY);
  }

  /** The instant at which local wall-clock time reads `minuteOfDay` on local date `dayNumber`. */
  toInstant(dayNumber: number, minuteOfDay: number): number {
    const wallClock = dayNumber * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE;
    const firstGuess = wallClock - this.offsetAt(wallClock);
    const secondOffset = this.offsetAt(firstGuess);
    // Near an offset change the first guess used the wrong side's offset; one correction suffices.
    return wallClock - secondOffset;
  }

  private lookUpOffset(ms: number): number {
    const parts: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(ms))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    return asUtc - ms;
  }
}
