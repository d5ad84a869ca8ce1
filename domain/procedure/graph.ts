// Analysis of the step graph. "x waits for y" when y is in x.after; y must finish before x starts.
// Works on a loose view of the input (fields may be missing or malformed) so that graph errors are
// reported together with field errors instead of only after the fields are fixed.
import type { ProcedureError } from './types';

export interface GraphStep {
  key?: string;
  /** Dependency keys; `undefined` marks an entry that is not a usable string (reported elsewhere). */
  after: ReadonlyArray<string | undefined>;
  /** `undefined` when missing or invalid (reported elsewhere). */
  workingDays?: number;
}

export interface GraphAnalysis {
  errors: ProcedureError[];
  /** Steps that can never start: on a cycle, waiting for themselves or an unknown step, or downstream of one. */
  blocked: boolean[];
  /** Resolved dependencies (step indexes) of each step. */
  deps: number[][];
}

export interface Chain {
  workingDays: number;
  /** Step indexes, first to finish first. */
  indexes: number[];
}

type RootCause = 'cycle' | 'self' | 'unknown';

const quote = (key: string | undefined) => (key === undefined ? '(unnamed step)' : `"${key}"`);
const arrow = (keys: Array<string | undefined>) => keys.map((k) => k ?? '?').join(' -> ');

export function analyseGraph(steps: readonly GraphStep[]): GraphAnalysis {
  const errors: ProcedureError[] = [];
  const indexByKey = new Map<string, number>();
  steps.forEach((step, i) => {
    if (step.key === undefined) return;
    const first = indexByKey.get(step.key);
    if (first === undefined) indexByKey.set(step.key, i);
    else
      errors.push({
        path: `steps[${i}].key`,
        code: 'DUPLICATE_STEP_KEY',
        message: `Step key "${step.key}" is already used by steps[${first}]; step keys must be unique`,
      });
  });

  const root: Array<RootCause | undefined> = steps.map(() => undefined);
  const deps: number[][] = steps.map((step, i) => {
    const resolved: number[] = [];
    const seen = new Set<string>();
    step.after.forEach((ref, k) => {
      if (ref === undefined) return;
      const path = `steps[${i}].after[${k}]`;
      if (seen.has(ref)) {
        errors.push({
          path,
          code: 'DUPLICATE_DEPENDENCY',
          message: `Step ${quote(step.key)} lists "${ref}" in after more than once`,
        });
        return;
      }
      seen.add(ref);
      if (ref === step.key) {
        root[i] = 'self';
        errors.push({
          path,
          code: 'SELF_DEPENDENCY',
          message: `Step "${ref}" waits for itself, so it can never start`,
        });
        return;
      }
      const target = indexByKey.get(ref);
      if (target === undefined) {
        root[i] ??= 'unknown';
        errors.push({
          path,
          code: 'UNKNOWN_STEP',
          message: `Step ${quote(step.key)} waits for "${ref}", but no step has that key`,
        });
        return;
      }
      resolved.push(target);
    });
    return resolved;
  });

  for (const component of stronglyConnectedComponents(deps)) {
    if (component.length < 2) continue;
    const members = new Set(component);
    for (const i of component) root[i] = 'cycle';
    const start = Math.min(...component);
    const waitsFor = shortestCycle(start, deps, members);
    const k = steps[start].after.indexOf(steps[waitsFor[1]].key);
    // Render in finishing order (x -> y: x must finish before y starts), like the critical path.
    const cycle = arrow([...waitsFor].reverse().map((s) => steps[s].key));
    errors.push({
      path: `steps[${start}].after[${k}]`,
      code: 'CYCLE',
      message: `Steps form a dependency cycle ${cycle} (each must finish before the next starts), so none of them can ever start`,
    });
  }

  const blocked = propagateBlocked(deps, root);
  steps.forEach((step, i) => {
    if (!blocked[i] || root[i] !== undefined) return;
    const chain = chainToRoot(i, deps, blocked, root);
    const origin = chain[0];
    const why =
      root[origin] === 'cycle'
        ? 'is on a dependency cycle'
        : root[origin] === 'self'
          ? 'waits for itself'
          : 'waits for an unknown step';
    errors.push({
      path: `steps[${i}]`,
      code: 'UNREACHABLE_STEP',
      message: `Step ${quote(step.key)} can never start: it depends on ${quote(steps[origin].key)} (${arrow(chain.map((s) => steps[s].key))}), which ${why}`,
    });
  });
  return { errors, blocked, deps };
}

/** Longest chain by working days among steps that can start and have a valid budget. */
export function longestChain(
  steps: readonly GraphStep[],
  deps: number[][],
  blocked: boolean[],
): Chain | undefined {
  const finish: Array<number | undefined> = steps.map(() => undefined);
  const via: Array<number | undefined> = steps.map(() => undefined);
  let best: number | undefined;
  for (const i of topologicalIndexes(deps, blocked)) {
    const own = steps[i].workingDays;
    if (own === undefined || deps[i].some((d) => finish[d] === undefined)) continue;
    let start = 0;
    for (const d of deps[i]) if (finish[d]! > start) [start, via[i]] = [finish[d]!, d];
    finish[i] = start + own;
    if (best === undefined || finish[i]! > finish[best]!) best = i;
  }
  if (best === undefined) return undefined;
  const indexes: number[] = [];
  for (let at: number | undefined = best; at !== undefined; at = via[at]) indexes.unshift(at);
  return { workingDays: finish[best]!, indexes };
}

/** Kahn's algorithm over the unblocked steps, ties broken by position so the order is stable. */
export function topologicalIndexes(deps: number[][], blocked?: boolean[]): number[] {
  const n = deps.length;
  const remaining = deps.map((d) => d.length);
  const dependants: number[][] = deps.map(() => []);
  deps.forEach((ds, i) => ds.forEach((d) => dependants[d].push(i)));
  const ready = [...Array(n).keys()].filter((i) => remaining[i] === 0 && !blocked?.[i]);
  const order: number[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const i = ready.shift()!;
    order.push(i);
    for (const j of dependants[i]) if (--remaining[j] === 0 && !blocked?.[j]) ready.push(j);
  }
  return order;
}

function propagateBlocked(deps: number[][], root: Array<RootCause | undefined>): boolean[] {
  const blocked = root.map((r) => r !== undefined);
  for (let changed = true; changed;) {
    changed = false;
    deps.forEach((ds, i) => {
      if (!blocked[i] && ds.some((d) => blocked[d])) blocked[i] = changed = true;
    });
  }
  return blocked;
}

/** From a blocked step back to the broken step it depends on, in finishing order (root first). */
function chainToRoot(
  i: number,
  deps: number[][],
  blocked: boolean[],
  root: Array<RootCause | undefined>,
): number[] {
  const chain = [i];
  // Non-root blocked steps are not on cycles, so this walk ends at a root.
  for (let at = i; root[at] === undefined;) {
    at = deps[at].find((d) => blocked[d])!;
    chain.unshift(at);
  }
  return chain;
}

/** Breadth-first along "waits for" edges inside one component: [start, ..., start]. */
function shortestCycle(start: number, deps: number[][], members: Set<number>): number[] {
  const previous = new Map<number, number>();
  const queue = [start];
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const next of deps[at]) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [at];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, at);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** Tarjan's algorithm; step counts are small (<= 100), so recursion depth is no concern. */
function stronglyConnectedComponents(deps: number[][]): number[][] {
  const index: number[] = deps.map(() => -1);
  const low: number[] = deps.map(() => 0);
  const onStack: boolean[] = deps.map(() => false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const visit = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = true;
    for (const w of deps[v]) {
      if (index[w] === -1) {
        visit(w);
        low[v] = Math.min(low[v], low[w]);
      } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
    }
    if (low[v] === index[v]) {
      const component: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = false;
        component.push(w);
      } while (w !== v);
      components.push(component);
    }
  };
  deps.forEach((_, v) => index[v] === -1 && visit(v));
  return components;
}
