// Validation of a procedure definition before it enters the catalog. Every problem is reported at
// once, each with a path into the input, so an administrator can fix a definition in one pass.
import { isValidWorkingDays, procedureInputSchema, toDefinition } from './definition';
import { analyseGraph, longestChain, topologicalIndexes, type GraphStep } from './graph';
import { findIllFormedInput } from '../text/well-formed';
import type {
  AgencyDirectory,
  ProcedureDefinition,
  ProcedureError,
  ProcedureValidation,
  StepDefinition,
} from './types';
import { issuePath } from '../zod-issues';

export function validateProcedure(input: unknown, agencies: AgencyDirectory): ProcedureValidation {
  // Text that is not well-formed is refused before anything else looks at the definition.
  const illFormed = findIllFormedInput(input, '');
  if (illFormed) {
    return {
      ok: false,
      errors: [
        {
          path: illFormed.path.replace(/^\./, '') || '(root)',
          code: 'INVALID_TEXT',
          message: illFormed.problem,
        },
      ],
    };
  }
  const errors: ProcedureError[] = [];
  const parsed = procedureInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // zod says "expected string, received undefined" for a missing field; say what is meant.
      const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
      const message = missing ? `Required (${issue.expected})` : issue.message;
      errors.push({ path: issuePath(issue.path), code: 'INVALID_FIELD', message });
    }
  }

  const loose = looseView(input);
  if (loose.steps?.length === 0) {
    errors.push({ path: 'steps', code: 'NO_STEPS', message: 'A procedure needs at least one step' });
  }
  if (loose.receivingAgencyCode !== undefined && !agencies.has(loose.receivingAgencyCode)) {
    errors.push({
      path: 'receivingAgencyCode',
      code: 'UNKNOWN_AGENCY',
      message: `Receiving agency "${loose.receivingAgencyCode}" is not in the agency catalog`,
    });
  }
  const steps = loose.steps ?? [];
  steps.forEach((step, i) => {
    if (step.agencyCode !== undefined && !agencies.has(step.agencyCode)) {
      errors.push({
        path: `steps[${i}].agencyCode`,
        code: 'UNKNOWN_AGENCY',
        message: `Step ${step.key ? `"${step.key}"` : `steps[${i}]`} names agency "${step.agencyCode}", which is not in the agency catalog`,
      });
    }
  });

  errors.push(...duplicateComponentCodes(input));

  const graph = analyseGraph(steps);
  errors.push(...graph.errors);
  // Measured over the steps that can start, so an over-long chain is reported alongside other errors.
  const longest = longestChain(steps, graph.deps, graph.blocked);
  if (longest && loose.totalWorkingDays !== undefined && longest.workingDays > loose.totalWorkingDays) {
    const last = longest.indexes[longest.indexes.length - 1];
    const chain = longest.indexes
      .map((i) => `${steps[i].key ?? `steps[${i}]`} (${steps[i].workingDays})`)
      .join(' -> ');
    errors.push({
      path: `steps[${last}]`,
      code: 'CRITICAL_PATH_EXCEEDS_BUDGET',
      message: `The longest chain of steps ${chain} needs ${longest.workingDays} working days, more than the procedure's totalWorkingDays of ${loose.totalWorkingDays}`,
    });
  }

  if (errors.length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, definition: toDefinition(parsed.data, longest?.workingDays ?? 0) };
}

/** Steps in an order where every step comes after the steps it waits for (ties: definition order). */
export function topologicalOrder(definition: Pick<ProcedureDefinition, 'steps'>): StepDefinition[] {
  return topologicalIndexes(dependencyIndexes(definition.steps)).map((i) => definition.steps[i]);
}

/** The longest chain of steps by working days: the least time the procedure can take. */
export function criticalPath(definition: Pick<ProcedureDefinition, 'steps'>): {
  workingDays: number;
  stepKeys: string[];
} {
  const deps = dependencyIndexes(definition.steps);
  const chain = longestChain(
    definition.steps,
    deps,
    deps.map(() => false),
  );
  return {
    workingDays: chain?.workingDays ?? 0,
    stepKeys: chain?.indexes.map((i) => definition.steps[i].key) ?? [],
  };
}

function dependencyIndexes(steps: readonly StepDefinition[]): number[][] {
  const indexByKey = new Map(steps.map((s, i) => [s.key, i]));
  return steps.map((s) => s.after.map((k) => indexByKey.get(k)).filter((i): i is number => i !== undefined));
}

interface LooseStep extends GraphStep {
  agencyCode?: string;
}

interface LooseProcedure {
  receivingAgencyCode?: string;
  totalWorkingDays?: number;
  steps?: LooseStep[];
}

/** The usable parts of raw input, normalised like the schema does (trimmed), for the graph checks. */
function looseView(input: unknown): LooseProcedure {
  if (!isRecord(input)) return {};
  return {
    receivingAgencyCode: nonEmpty(input.receivingAgencyCode),
    totalWorkingDays: isValidWorkingDays(input.totalWorkingDays) ? input.totalWorkingDays : undefined,
    steps: Array.isArray(input.steps)
      ? input.steps.map((raw): LooseStep => {
          const step = isRecord(raw) ? raw : {};
          return {
            key: nonEmpty(step.key),
            agencyCode: nonEmpty(step.agencyCode),
            workingDays: isValidWorkingDays(step.workingDays) ? step.workingDays : undefined,
            after: Array.isArray(step.after) ? step.after.map(nonEmpty) : [],
          };
        })
      : undefined,
  };
}

/** Submissions and supplement requests name components by code, so a code appears once. */
function duplicateComponentCodes(input: unknown): ProcedureError[] {
  if (!isRecord(input) || !Array.isArray(input.components)) return [];
  const seen = new Set<string>();
  const errors: ProcedureError[] = [];
  input.components.forEach((raw, i) => {
    const code = isRecord(raw) ? nonEmpty(raw.code) : undefined;
    if (code === undefined) return;
    if (seen.has(code)) {
      errors.push({
        path: `components[${i}].code`,
        code: 'DUPLICATE_COMPONENT_CODE',
        message: `Component code "${code}" appears more than once`,
      });
    }
    seen.add(code);
  });
  return errors;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
