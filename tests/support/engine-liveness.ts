// Proof that the engine still works for everyone, after a batch of hostile input: through the API, a
// dossier whose steps are all SYSTEM (answered by the agency simulators) reaches COMPLETED, and an
// agency completes a MANUAL step. A worker stopped by something it could not decode fails both.
import { randomUUID } from 'node:crypto';
import { waitForState } from './dossier-driver';
import type { EngineHarness } from './engine-harness';

/** Two SYSTEM steps, at the district and the tax office (domain/catalog/sample-procedures-business.ts). */
const SYSTEM_PROCEDURE = '2.000720';
/** One MANUAL step at the commune (domain/catalog/sample-procedures-civil.ts). */
const MANUAL_PROCEDURE = { code: '2.000815', agencyCode: 'UBND_XA_PHU_HOA', stepKey: 'chung-thuc' };

const SUBMIT = 'mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { dossier { code } } }';
const COMPLETE =
  'mutation($input: CompleteStepInput!) { completeStep(input: $input) { code steps { key status } } }';

export interface LivenessKeys {
  /** Submits the dossiers. */
  portal: string;
  /** An AGENCY key of MANUAL_AGENCY. */
  agency: string;
}
export const MANUAL_AGENCY = MANUAL_PROCEDURE.agencyCode;

export async function proveEngineAlive(
  engine: EngineHarness,
  keys: LivenessKeys,
  timeoutMs = 30_000,
): Promise<void> {
  const submit = async (procedureCode: string) => {
    const answer = await engine.graphql(
      SUBMIT,
      {
        input: {
          procedureCode,
          applicant: { name: 'Lê Thị Sống', idNumber: '079190007777' },
          channel: 'ONLINE',
          idempotencyKey: randomUUID(),
        },
      },
      keys.portal,
    );
    if (answer.errors)
      throw new Error(`liveness: submitDossier ${procedureCode} answered ${JSON.stringify(answer.errors)}`);
    return answer.data.submitDossier.dossier.code as string;
  };
  const [system, manual] = await Promise.all([submit(SYSTEM_PROCEDURE), submit(MANUAL_PROCEDURE.code)]);
  await waitForState(
    engine,
    manual,
    (s) => s.steps.some((x) => x.key === MANUAL_PROCEDURE.stepKey && x.status === 'ACTIVE'),
    timeoutMs,
  );
  const done = await engine.graphql(
    COMPLETE,
    { input: { dossierCode: manual, stepKey: MANUAL_PROCEDURE.stepKey, result: { documentNo: 'SONG-1' } } },
    keys.agency,
  );
  if (done.errors) throw new Error(`liveness: completeStep answered ${JSON.stringify(done.errors)}`);
  if (
    !done.data.completeStep.steps.some(
      (s: { key: string; status: string }) => s.key === MANUAL_PROCEDURE.stepKey && s.status === 'DONE',
    )
  ) {
    throw new Error(`liveness: the MANUAL step is not DONE: ${JSON.stringify(done.data.completeStep)}`);
  }
  await waitForState(engine, system, (s) => s.status === 'COMPLETED', timeoutMs);
}
