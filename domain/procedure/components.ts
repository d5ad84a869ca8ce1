// What reception and supplement requests check about document components (thành phần hồ sơ).
// Pure and free of runtime imports beyond types, so the workflow may use it too.
import type { CopyCounts, DocumentComponent, SubmittedComponent } from './types';

/** Copies of one component as a submission or supplement request names them. */
export interface ComponentCount extends Partial<CopyCounts> {
  code: string;
}

export type ComponentProblem =
  | { code: 'UNKNOWN_COMPONENT'; component: string; message: string }
  | { code: 'COMPONENT_MISSING'; component: string; message: string }
  | { code: 'DUPLICATE_COMPONENT'; component: string; message: string };

const total = (c: Partial<CopyCounts>) =>
  (c.originals ?? 0) + (c.certifiedCopies ?? 0) + (c.photocopies ?? 0);

/**
 * Matches what was handed in against the procedure version's list: every code must be listed once,
 * and every required component must come with at least one copy. The first problem is returned (its
 * code and the component it names), else the recorded list in the procedure's order.
 */
export function receiveComponents(
  expected: readonly DocumentComponent[],
  handedIn: readonly ComponentCount[],
): { ok: true; components: SubmittedComponent[] } | { ok: false; problem: ComponentProblem } {
  const byCode = new Map(expected.map((c) => [c.code, c]));
  const given = new Map<string, ComponentCount>();
  for (const item of handedIn) {
    if (!byCode.has(item.code)) {
      return {
        ok: false,
        problem: {
          code: 'UNKNOWN_COMPONENT',
          component: item.code,
          message: `The procedure lists no document component "${item.code}"`,
        },
      };
    }
    if (given.has(item.code)) {
      return {
        ok: false,
        problem: {
          code: 'DUPLICATE_COMPONENT',
          component: item.code,
          message: `Document component "${item.code}" is listed more than once`,
        },
      };
    }
    given.set(item.code, item);
  }
  for (const component of expected) {
    const item = given.get(component.code);
    if (component.required && (!item || total(item) === 0)) {
      return {
        ok: false,
        problem: {
          code: 'COMPONENT_MISSING',
          component: component.code,
          message: `Required document component "${component.code}" (${component.name}) was not handed in`,
        },
      };
    }
  }
  const components = expected
    .filter((c) => given.has(c.code) && total(given.get(c.code)!) > 0)
    .map((c): SubmittedComponent => {
      const item = given.get(c.code)!;
      return {
        code: c.code,
        name: c.name,
        originals: item.originals ?? 0,
        certifiedCopies: item.certifiedCopies ?? 0,
        photocopies: item.photocopies ?? 0,
      };
    });
  return { ok: true, components };
}
