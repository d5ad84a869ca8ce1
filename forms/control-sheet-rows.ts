// The handovers of a dossier, as the process-control sheet (phiếu kiểm soát) lists them: the desk
// hands the dossier to the agency of each first step; each finished step hands it to the agency of
// each step that waited for it (a join gets one row from each branch, so parallel branches each keep
// their own rows), or back to the desk when nothing waits for it; the desk returns the result last.
//
// Timing: a handover is printed at max(the time it happened, the time the dossier counts as
// received). A dossier filed online at 21:30 counts as received at 07:30 the next working day, but its
// SYSTEM steps may start and finish at 21:30: printed as is, the sheet would show handovers before
// the receipt. They are printed at the receipt instead, so the sheet reads in order, and the actual
// time is kept in the note. Judgements use the real times (each step against its own deadline).
import type { AgencyFacts, DossierFacts, Judgement, StepFacts } from './facts';

export interface Handover {
  giving: AgencyFacts;
  receiving: AgencyFacts;
  /** The printed time: never before the receipt. */
  at: Date;
  /** When it really happened, if earlier than the receipt (printed in the note). */
  actualAt?: Date;
  /** The giving side's work judged against its step's own deadline; none for the desk's handover. */
  judgement?: Judgement;
  note: string;
}

const APPLICANT: AgencyFacts = { code: 'APPLICANT', name: 'Tổ chức, cá nhân' };

export function handovers(facts: DossierFacts): Handover[] {
  const received = facts.receivedAt.getTime();
  const at = (t: Date) => (t.getTime() < received ? { at: facts.receivedAt, actualAt: t } : { at: t });
  const successors = (key: string) => facts.steps.filter((s) => s.after.includes(key));
  const rows: Handover[] = [];

  for (const step of facts.steps.filter((s) => s.after.length === 0 && s.startedAt)) {
    rows.push({
      giving: facts.desk,
      receiving: step.agency,
      ...at(step.startedAt!),
      note: `Chuyển hồ sơ: ${step.name}`,
    });
  }
  const done = facts.steps
    .filter((s): s is StepFacts & { completedAt: Date } => s.status === 'DONE' && !!s.completedAt)
    .sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime() || order(facts, a) - order(facts, b));
  for (const step of done) {
    const next = successors(step.key).filter((s) => s.startedAt || s.status !== 'PENDING');
    const targets = next.length > 0 ? next : successors(step.key).length === 0 ? [undefined] : [];
    for (const target of targets) {
      rows.push({
        giving: step.agency,
        receiving: target ? target.agency : facts.desk,
        ...at(step.completedAt),
        judgement: step.judgement,
        note: target
          ? `Đã xong: ${step.name}. Chuyển: ${target.name}`
          : `Đã xong: ${step.name}. Trả kết quả về Bộ phận Một cửa`,
      });
    }
  }
  if (facts.status === 'COMPLETED' && facts.completedAt) {
    rows.push({
      giving: facts.desk,
      receiving: APPLICANT,
      ...at(facts.completedAt),
      judgement: facts.outcome,
      note: 'Trả kết quả cho tổ chức, cá nhân',
    });
  }
  // Keeps a stable order when two handovers share a time: by the printed time, then as built.
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => a.row.at.getTime() - b.row.at.getTime() || a.i - b.i)
    .map(({ row }) => row);
}

const order = (facts: DossierFacts, step: StepFacts) => facts.steps.indexOf(step);

export const JUDGEMENT_TEXT: Record<Judgement, string> = {
  EARLY: 'Trước hạn',
  ON_TIME: 'Đúng hạn',
  LATE: 'Quá hạn',
};
