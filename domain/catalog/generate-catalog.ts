// Deterministic generator of a province-sized catalog (~1,700 procedures) for scale tests and
// benchmarks. Same seed, same catalog, on every machine: the PRNG is our own, not Math.random.
import type { ProcedureInput, StepInput } from '../procedure/types';
import type { AgencyInput } from './agency';
import { SAMPLE_AGENCIES } from './sample-agencies';
import { seededRandom } from '../seeded-random';

export interface GenerateCatalogOptions {
  /** How many procedures; a province has about 1,700. */
  count?: number;
  seed?: number;
  agencies?: readonly AgencyInput[];
  /** Prefix of the generated procedure codes, which are `${codePrefix}${6 digits}`. */
  codePrefix?: string;
}

export type CatalogShape = 'single' | 'chain' | 'diamond' | 'fan-out' | 'random-dag';
const SHAPES: readonly CatalogShape[] = ['single', 'chain', 'diamond', 'fan-out', 'random-dag'];
const STEP_DAYS = [0.5, 1, 1, 1.5, 2, 2, 3, 5, 7, 10];
const SLACK_DAYS = [0, 0.5, 1, 2, 5];
const FEES_VND = [0, 0, 2_000, 50_000, 100_000, 200_000];
const FIELDS = [
  'Đất đai',
  'Hộ tịch',
  'Cư trú',
  'Xây dựng',
  'Đăng ký kinh doanh',
  'Bảo hiểm xã hội',
  'Tư pháp',
  'Thuế',
];

export const mulberry32 = seededRandom;

export function generateCatalog(options: GenerateCatalogOptions = {}): ProcedureInput[] {
  const { count = 1700, seed = 1, agencies = SAMPLE_AGENCIES, codePrefix = 'GEN.' } = options;
  if (agencies.length === 0) throw new Error('generateCatalog needs at least one agency');
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  // Fees are usually paid at a treasury when the catalog has one.
  const treasuries = agencies.filter((a) => /kho bạc/i.test(a.name));

  const procedures: ProcedureInput[] = [];
  for (let n = 0; n < count; n++) {
    const shape = pick(SHAPES);
    const stepCount =
      shape === 'single'
        ? 1
        : shape === 'diamond'
          ? 3 + Math.floor(random() * 6)
          : 2 + Math.floor(random() * 7);
    const dependencies = dependenciesFor(shape, stepCount, random);
    const receiving = pick(agencies);
    const feeStep = stepCount > 2 && random() < 0.25 ? 1 + Math.floor(random() * (stepCount - 2)) : -1;

    const steps: StepInput[] = dependencies.map((after, i) => {
      const isFee = i === feeStep;
      const agency =
        isFee && treasuries.length > 0 ? pick(treasuries) : random() < 0.6 ? receiving : pick(agencies);
      return {
        key: `buoc-${i + 1}`,
        name: isFee ? `Nộp phí, lệ phí (bước ${i + 1})` : `Xử lý hồ sơ (bước ${i + 1})`,
        agencyCode: agency.code,
        workingDays: pick(STEP_DAYS),
        mode: random() < 0.5 ? 'SYSTEM' : 'MANUAL',
        ...(after.length > 0 ? { after: after.map((d) => `buoc-${d + 1}`) } : {}),
        ...(isFee ? { kind: 'FEE_PAYMENT' as const } : {}),
      };
    });

    const code = `${codePrefix}${String(n + 1).padStart(6, '0')}`;
    procedures.push({
      code,
      name: `Thủ tục mẫu ${code} (${shape}, ${stepCount} bước)`,
      field: pick(FIELDS),
      level: receiving.level,
      onlineLevel: random() < 0.5 ? 'FULL' : 'PARTIAL',
      feeVnd: pick(FEES_VND),
      totalWorkingDays: longestChainDays(steps, dependencies) + pick(SLACK_DAYS),
      receivingAgencyCode: receiving.code,
      steps,
    });
  }
  return procedures;
}

/** Dependencies by step index; every dependency points to an earlier step, so the graph is acyclic. */
function dependenciesFor(shape: CatalogShape, stepCount: number, random: () => number): number[][] {
  const last = stepCount - 1;
  return Array.from({ length: stepCount }, (_, i): number[] => {
    if (i === 0) return [];
    switch (shape) {
      case 'single':
      case 'chain':
        return [i - 1];
      case 'diamond': // receipt, parallel branches, one joining step
        return i === last ? Array.from({ length: last - 1 }, (_, b) => b + 1) : [0];
      case 'fan-out': // parallel branches that all end the procedure
        return [0];
      case 'random-dag':
        return Array.from({ length: i }, (_, d) => d).filter(() => random() < 0.4);
    }
  });
}

function longestChainDays(steps: readonly StepInput[], dependencies: number[][]): number {
  const finish: number[] = [];
  steps.forEach((step, i) => {
    finish[i] = step.workingDays + Math.max(0, ...dependencies[i].map((d) => finish[d]));
  });
  return Math.max(...finish);
}
