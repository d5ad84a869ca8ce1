// "Nothing lost, nothing duplicated", checked the same way after every fault the process tests
// inject: each dossier is COMPLETED in the read model with its events 1..n (no gap, no repeat),
// one STEP_COMPLETED and one DONE row per step, and each step reached its agency's system under
// exactly one idempotency key (a delivery retried after a crash keeps its key; a second key would
// mean the step was handed over twice).
import type { AgencyFleet } from '../../simulators/agency/fleet';
import type { PrismaClient } from '../../prisma/database';

/** Idempotency keys the simulators saw, per dossier code (keys are `dossier/<code>/<runId>/<activityId>`). */
export function deliveryKeysByDossier(fleet: AgencyFleet, codes: Iterable<string>): Map<string, Set<string>> {
  const wanted = new Set(codes);
  const out = new Map<string, Set<string>>();
  for (const simulator of Object.values(fleet.simulators)) {
    for (const key of Object.keys(simulator.deliveries().byKey)) {
      const code = key.split('/')[1];
      if (!wanted.has(code)) continue;
      out.set(code, (out.get(code) ?? new Set()).add(key));
    }
  }
  return out;
}

/** Every problem found with `codes`, each one line; empty when all is well. */
export async function completionProblems(
  prisma: PrismaClient,
  fleet: AgencyFleet,
  codes: string[],
  stepKeys: string[],
  /** Steps handed to agency systems (SYSTEM); the others are completed by officers. */
  systemSteps = stepKeys.length,
): Promise<string[]> {
  const problems: string[] = [];
  const [dossiers, events, steps] = await Promise.all([
    prisma.dossier.findMany({
      where: { code: { in: codes } },
      select: { code: true, status: true, lastEventSeq: true },
    }),
    prisma.dossierEvent.findMany({
      where: { dossierCode: { in: codes } },
      select: { dossierCode: true, seq: true, type: true, payload: true },
      orderBy: [{ dossierCode: 'asc' }, { seq: 'asc' }],
    }),
    prisma.dossierStep.findMany({
      where: { dossierCode: { in: codes } },
      select: { dossierCode: true, key: true, status: true },
    }),
  ]);
  const keys = deliveryKeysByDossier(fleet, codes);
  const expectedSteps = [...stepKeys].sort().join();
  for (const code of codes) {
    const row = dossiers.find((d) => d.code === code);
    if (!row) {
      problems.push(`${code}: not in the read model`);
      continue;
    }
    if (row.status !== 'COMPLETED') problems.push(`${code}: ${row.status}`);
    const own = events.filter((e) => e.dossierCode === code);
    const seqs = own.map((e) => e.seq).join();
    if (seqs !== Array.from({ length: row.lastEventSeq }, (_, i) => i + 1).join())
      problems.push(`${code}: events ${seqs} for lastEventSeq ${row.lastEventSeq}`);
    const completed = own
      .filter((e) => e.type === 'STEP_COMPLETED')
      .map((e) => (e.payload as { stepKey?: string }).stepKey)
      .sort()
      .join();
    if (completed !== expectedSteps) problems.push(`${code}: STEP_COMPLETED for ${completed}`);
    const done = steps
      .filter((s) => s.dossierCode === code && s.status === 'DONE')
      .map((s) => s.key)
      .sort()
      .join();
    if (done !== expectedSteps) problems.push(`${code}: steps DONE ${done}`);
    const delivered = keys.get(code)?.size ?? 0;
    if (delivered !== systemSteps)
      problems.push(
        `${code}: ${delivered} idempotency keys reached agencies for ${systemSteps} SYSTEM steps`,
      );
  }
  return problems;
}
