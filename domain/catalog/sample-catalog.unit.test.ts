import type { AdminLevel, ProcedureDefinition, ProcedureInput } from '../procedure/types';
import { validateProcedure } from '../procedure/validate';
import { AGENCY_CODE_PATTERN, agencyDirectory } from './agency';
import { SAMPLE_AGENCIES } from './sample-agencies';
import { SAMPLE_PROCEDURES } from './sample-procedures';

const directory = agencyDirectory(SAMPLE_AGENCIES);
const levelOf = new Map(SAMPLE_AGENCIES.map((a) => [a.code, a.level]));

function definitionOf(input: unknown): ProcedureDefinition {
  const result = validateProcedure(input, directory);
  if (!result.ok)
    throw new Error(`${JSON.stringify(input).slice(0, 60)}: ${JSON.stringify(result.errors, null, 2)}`);
  return result.definition;
}

const agenciesOf = (p: ProcedureInput) =>
  new Set([p.receivingAgencyCode, ...p.steps.map((s) => s.agencyCode)]);
const levelsOf = (p: ProcedureInput) => new Set([...agenciesOf(p)].map((code) => levelOf.get(code)));

describe('sample agencies', () => {
  it('has at least 10 agencies at 3 or more levels, with unique codes safe for receipt codes', () => {
    expect(SAMPLE_AGENCIES.length).toBeGreaterThanOrEqual(10);
    expect(new Set(SAMPLE_AGENCIES.map((a) => a.level)).size).toBeGreaterThanOrEqual(3);
    expect(directory.size).toBe(SAMPLE_AGENCIES.length);
    for (const agency of SAMPLE_AGENCIES) {
      expect(agency.code).toMatch(AGENCY_CODE_PATTERN);
      expect(agency.code).not.toContain('-');
      expect(agency.name.trim()).not.toBe('');
    }
  });

  it('names a parent that exists and is not at a lower level', () => {
    const rank: Record<AdminLevel, number> = { COMMUNE: 0, DISTRICT: 1, PROVINCE: 2, CENTRAL: 3 };
    for (const agency of SAMPLE_AGENCIES.filter((a) => a.parentCode)) {
      const parent = SAMPLE_AGENCIES.find((a) => a.code === agency.parentCode);
      expect(parent).toBeDefined();
      expect(rank[parent!.level]).toBeGreaterThanOrEqual(rank[agency.level]);
    }
  });
});

describe('sample procedures', () => {
  it.each(SAMPLE_PROCEDURES.map((p) => [p.code, p] as const))(
    '%s validates and round-trips through JSON',
    (_, input) => {
      const definition = definitionOf(input);
      expect(definition.criticalPathWorkingDays).toBeLessThanOrEqual(definition.totalWorkingDays);
      const again = definitionOf(JSON.parse(JSON.stringify(definition)));
      expect(again).toStrictEqual(definition);
    },
  );

  it('meets the catalog requirements', () => {
    const procedures = SAMPLE_PROCEDURES;
    expect(procedures.length).toBeGreaterThanOrEqual(8);
    expect(new Set(procedures.map((p) => p.code)).size).toBe(procedures.length);

    const interconnected = procedures.filter((p) => agenciesOf(p).size >= 3 && levelsOf(p).size >= 2);
    expect(interconnected.length).toBeGreaterThanOrEqual(3);

    // A parallel join: a step that waits for two steps neither of which waits (even indirectly) for the other.
    const hasJoin = (p: ProcedureInput) => {
      const byKey = new Map(p.steps.map((s) => [s.key, s]));
      const ancestors = (key: string): Set<string> => {
        const found = new Set<string>();
        const visit = (k: string) =>
          (byKey.get(k)?.after ?? []).forEach((d) => found.has(d) || (found.add(d), visit(d)));
        visit(key);
        return found;
      };
      return p.steps.some((s) => {
        const deps = s.after ?? [];
        return deps.some((a, i) =>
          deps.slice(i + 1).some((b) => !ancestors(a).has(b) && !ancestors(b).has(a)),
        );
      });
    };
    expect(procedures.some(hasJoin)).toBe(true);

    const steps = procedures.flatMap((p) => p.steps);
    expect(steps.some((s) => s.kind === 'FEE_PAYMENT')).toBe(true);
    expect(new Set(steps.map((s) => s.mode))).toEqual(new Set(['SYSTEM', 'MANUAL']));
    expect(new Set(procedures.map((p) => p.onlineLevel))).toEqual(new Set(['FULL', 'PARTIAL']));
    expect(procedures.some((p) => agenciesOf(p).size === 1)).toBe(true);
    expect(steps.some((s) => !Number.isInteger(s.workingDays))).toBe(true);
  });
});
