// The baselines of the engine-throughput and open-dossiers benchmarks. The engine-throughput one: a
// workflow that runs the same number of activities as one of our dossiers, each a no-op, in the same
// shape (a chain, with the two middle deliveries in parallel), on the same Temporal server with a
// worker of the same settings. Whatever the dossier workflow
// costs above this is our own code: the state machine, the agency HTTP calls, the read model.
// The open-dossiers one: a workflow that only waits for an instant, then reports how late it woke with
// one no-op activity, the shape of a step-overdue escalation (timer fired, a task, one write).
// Workflow code: imports nothing but @temporalio/workflow (bundled on its own, see baselineBundle()).
import { proxyActivities, sleep } from '@temporalio/workflow';

export interface BaselineActivities {
  noop(tag: string): Promise<void>;
  /** The last activity of a run: records when the run was done (the bench process measures latency). */
  finished(workflowId: string): Promise<void>;
  /** How late (ms, workflow time of the timer-fired task) a timer baseline woke up. */
  woke(workflowId: string, lateMs: number): Promise<void>;
}

const { noop, finished, woke } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

export interface BaselineInput {
  workflowId: string;
  /** Activities before the parallel pair, the two parallel ones, and after: [before, after]; total = before + 2 + after + 1. */
  before: number;
  after: number;
}

export async function noopBaselineWorkflow(input: BaselineInput): Promise<void> {
  for (let i = 0; i < input.before; i++) await noop(`before-${i}`);
  await Promise.all([noop('left'), noop('right')]);
  for (let i = 0; i < input.after; i++) await noop(`after-${i}`);
  await finished(input.workflowId);
}

export async function timerBaselineWorkflow(input: { workflowId: string; at: number }): Promise<void> {
  await sleep(Math.max(0, input.at - Date.now()));
  await woke(input.workflowId, Date.now() - input.at);
}
