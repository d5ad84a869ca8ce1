// Which fast-check seeds a fuzz run uses. CI runs a fixed list (the same inputs every time, so a
// regression shows as a red run, not as luck) plus one random seed that the run prints, so each run
// also explores something new and any failure can be replayed with FUZZ_SEED=<n>.

/** Fixed seeds: a failure found with one of these fails every run until it is fixed. */
export const FIXED_SEEDS = [20_261_202, 1, 7_777];

export interface FuzzSeeds {
  seeds: number[];
  /** The random seed of this run, when there is one (none when FUZZ_SEED replays a seed). */
  random?: number;
}

export function fuzzSeeds(env: NodeJS.ProcessEnv = process.env): FuzzSeeds {
  if (env.FUZZ_SEED !== undefined && env.FUZZ_SEED !== '') {
    const seed = Number(env.FUZZ_SEED);
    if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not ${env.FUZZ_SEED}`);
    return { seeds: [seed] };
  }
  const random = Math.floor(Math.random() * 2 ** 31);
  return { seeds: [...FIXED_SEEDS, random], random };
}

/** A seed of its own for each property (field × role), derived from the run's seed: replaying the run's seed replays them all. */
export function propertySeed(seed: number, property: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < property.length; i++) hash = Math.imul(hash ^ property.charCodeAt(i), 0x01000193);
  return (seed ^ hash) | 0;
}
