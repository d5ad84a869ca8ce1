import { validateProcedure } from '../procedure/validate';
import { agencyDirectory } from './agency';
import { generateCatalog, mulberry32 } from './generate-catalog';
import { SAMPLE_AGENCIES } from './sample-agencies';

describe('generateCatalog', () => {
  const catalog = generateCatalog({ seed: 1, agencies: SAMPLE_AGENCIES });

  it('produces 1,700 procedures with unique codes by default', () => {
    expect(catalog).toHaveLength(1700);
    expect(new Set(catalog.map((p) => p.code)).size).toBe(1700);
  });

  it('produces only valid procedures', () => {
    const directory = agencyDirectory(SAMPLE_AGENCIES);
    const failures = catalog
      .map((p) => ({ code: p.code, result: validateProcedure(p, directory) }))
      .filter(({ result }) => !result.ok);
    expect(failures).toEqual([]);
  });

  it('varies the shapes: 1 to 8 steps, parallel joins, fee payments, both modes and online levels', () => {
    const sizes = new Set(catalog.map((p) => p.steps.length));
    expect([...sizes].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(catalog.some((p) => p.steps.some((s) => (s.after?.length ?? 0) >= 2))).toBe(true);
    expect(catalog.some((p) => p.steps.some((s) => s.kind === 'FEE_PAYMENT'))).toBe(true);
    expect(new Set(catalog.flatMap((p) => p.steps.map((s) => s.mode))).size).toBe(2);
    expect(new Set(catalog.map((p) => p.onlineLevel)).size).toBe(2);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateCatalog({ seed: 1, agencies: SAMPLE_AGENCIES })).toEqual(catalog);
    expect(generateCatalog({ seed: 2, count: 50 })).not.toEqual(catalog.slice(0, 50));
    expect(generateCatalog({ count: 3, codePrefix: 'X.' }).map((p) => p.code)).toEqual([
      'X.000001',
      'X.000002',
      'X.000003',
    ]);
  });

  it('works with a single agency', () => {
    const only = [{ code: 'ONLY', name: 'Cơ quan duy nhất', level: 'PROVINCE' as const }];
    const directory = agencyDirectory(only);
    expect(
      generateCatalog({ count: 100, seed: 7, agencies: only }).every(
        (p) => validateProcedure(p, directory).ok,
      ),
    ).toBe(true);
  });
});

describe('mulberry32', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});
