// Properties over random step graphs: any DAG whose budget covers its longest chain validates, and
// closing a loop over an existing dependency is always reported as a CYCLE.
import fc from 'fast-check';
import type { ProcedureInput } from './types';
import { criticalPath, topologicalOrder, validateProcedure } from './validate';

const agencies = new Set(['A', 'B']);

/** Random DAG: each step depends on a subset of earlier steps (so it is acyclic by construction). */
const dagArbitrary = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.tuple(
    fc.array(
      fc.integer({ min: 1, max: 20 }).map((halves) => halves / 2),
      { minLength: n, maxLength: n },
    ),
    fc.tuple(...Array.from({ length: n }, (_, i) => fc.subarray(Array.from({ length: i }, (_, d) => d)))),
    fc.integer({ min: 0, max: 10 }).map((halves) => halves / 2),
  ),
);

function toProcedure(days: number[], deps: number[][], totalWorkingDays: number): ProcedureInput {
  return {
    code: 'P.1',
    name: 'Thủ tục thử',
    onlineLevel: 'FULL',
    totalWorkingDays,
    receivingAgencyCode: 'A',
    steps: days.map((workingDays, i) => ({
      key: `s${i}`,
      name: `Bước ${i}`,
      agencyCode: i % 2 ? 'A' : 'B',
      workingDays,
      mode: 'SYSTEM',
      after: deps[i].map((d) => `s${d}`),
    })),
  };
}

function longest(days: number[], deps: number[][]): number {
  const finish: number[] = [];
  days.forEach((d, i) => (finish[i] = d + Math.max(0, ...deps[i].map((j) => finish[j]))));
  return Math.max(...finish);
}

describe('procedure graph properties', () => {
  it('a DAG with enough budget validates, with the expected critical path and a valid topological order', () => {
    fc.assert(
      fc.property(dagArbitrary, ([days, deps, slack]) => {
        const expected = longest(days, deps);
        const result = validateProcedure(toProcedure(days, deps, expected + slack), agencies);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        expect(result.definition.criticalPathWorkingDays).toBe(expected);
        expect(criticalPath(result.definition).workingDays).toBe(expected);
        const position = new Map(topologicalOrder(result.definition).map((s, i) => [s.key, i]));
        expect(position.size).toBe(days.length);
        for (const s of result.definition.steps)
          for (const d of s.after) expect(position.get(d)!).toBeLessThan(position.get(s.key)!);
      }),
    );
  });

  it('a budget below the longest chain is always CRITICAL_PATH_EXCEEDS_BUDGET', () => {
    fc.assert(
      fc.property(dagArbitrary, ([days, deps]) => {
        const total = longest(days, deps) - 0.5;
        fc.pre(total > 0);
        const result = validateProcedure(toProcedure(days, deps, total), agencies);
        expect(!result.ok && result.errors.map((e) => e.code)).toEqual(['CRITICAL_PATH_EXCEEDS_BUDGET']);
      }),
    );
  });

  it('adding a back-edge over an existing dependency yields a CYCLE', () => {
    const withEdge = dagArbitrary.filter(([, deps]) => deps.some((d) => d.length > 0));
    fc.assert(
      fc.property(withEdge, fc.nat(), ([days, deps], choice) => {
        const edges = deps.flatMap((ds, i) => ds.map((d) => [i, d] as const));
        const [dependant, dependency] = edges[choice % edges.length];
        const cyclic = deps.map((ds, i) => (i === dependency ? [...ds, dependant] : ds));
        const result = validateProcedure(toProcedure(days, cyclic, 365), agencies);
        expect(result.ok).toBe(false);
        expect(!result.ok && result.errors.filter((e) => e.code === 'CYCLE')).toHaveLength(1);
      }),
    );
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        expect(validateProcedure(input, agencies).ok).toBe(false);
      }),
    );
  });
});
