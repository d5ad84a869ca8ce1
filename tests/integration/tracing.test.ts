// One trace from an officer's `completeStep` to the agency system's answer, on real sockets: the
// GraphQL request, Temporal's update (client, validator, handler), the delivery activity the step
// made ready, the signed HTTP call to the simulator with its `traceparent`, and the simulator's
// later callback carrying it back to POST /agency-callbacks, whose `agencyOutcome` update closes
// the step. Spans are collected in memory (InMemorySpanExporter); the workflows' come out of the
// sandbox through the interceptors' sink.
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTracing, type Tracing } from '../../platform/observability/tracing';
import { bundleWorkflowsToFile } from '../../platform/workflow-bundle';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';
import { submit } from '../support/dossier-driver';

const PROCEDURE = '2.001610'; // MANUAL review at SKHDT, then a SYSTEM step at SKHDT's own system
const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let engine: EngineHarness;

beforeAll(async () => {
  tracing = startTracing({
    serviceName: 'lien-thong-test',
    spanProcessor: new SimpleSpanProcessor(exporter),
  })!;
  const bundle = await bundleWorkflowsToFile(
    require.resolve('../../workflows'),
    path.join(os.tmpdir(), `lien-thong-workflows-traced-${process.pid}.js`),
    { tracing: true },
  );
  engine = await startEngine({ workflowBundlePath: bundle });
  // The agency's system accepts the work item and answers later by callback.
  engine.fleet.simulators.SKHDT.setBehaviour({
    procedures: { [PROCEDURE]: { outcome: 'ACCEPTED', callbackOutcome: 'DONE', callbackDelayMs: 50 } },
  });
});
afterAll(async () => {
  await engine?.stop();
  await tracing?.shutdown();
});

const id = (span: ReadableSpan) => span.spanContext().spanId;

test('completeStep, the workflow, the delivery, the HTTP call and the callback share one trace', async () => {
  const created = await engine.graphql(
    `mutation { createApiKey(input: { role: AGENCY, agencyCode: "SKHDT", label: "Phòng ĐKKD" }) { key } }`,
    {},
    engine.adminKey,
  );
  const officerKey = created.data.createApiKey.key as string;
  const code = await submit(engine, PROCEDURE);
  await eventually(async () => {
    const { data } = await engine.graphql(
      `query($code: String!) { dossier(code: $code) { steps { key status } } }`,
      { code },
      officerKey,
    );
    return data?.dossier?.steps[0].status === 'ACTIVE' ? true : undefined;
  });

  const completed = await engine.graphql(
    `mutation Complete($code: String!) { completeStep(input: { dossierCode: $code, stepKey: "tham-dinh-ho-so", result: { note: "${randomUUID()}" } }) { status } }`,
    { code },
    officerKey,
  );
  expect(completed.errors).toBeUndefined();
  await eventually(async () => {
    const { data } = await engine.graphql(
      `query($code: String!) { dossier(code: $code) { status } }`,
      { code },
      officerKey,
    );
    return data?.dossier?.status === 'COMPLETED' ? true : undefined;
  });
  // The simulator marks its callback DELIVERED when our answer reaches it, which can be just after
  // the dossier shows COMPLETED (the engine acts on the callback before answering it).
  await eventually(async () =>
    engine.fleet.simulators.SKHDT.callbacks().some((c) => c.state === 'DELIVERED') ? true : undefined,
  );
  await tracing.spanProcessor.forceFlush();

  const spans = exporter.getFinishedSpans();
  const request = spans.find((s) => s.name === 'graphql mutation completeStep');
  expect(request).toBeDefined();
  const trace = spans.filter((s) => s.spanContext().traceId === request!.spanContext().traceId);
  const byId = new Map(trace.map((s) => [id(s), s]));
  const named = (name: string) => {
    const found = trace.filter((s) => s.name === name);
    expect(found.map((s) => s.name)).toContain(name);
    return found;
  };
  const parentOf = (span: ReadableSpan) => byId.get(span.parentSpanId ?? '');
  /** The chain of names from `span` up to the trace's root. */
  const ancestry = (span: ReadableSpan): string[] => {
    const names: string[] = [];
    for (let s: ReadableSpan | undefined = span; s; s = parentOf(s)) names.push(s.name);
    return names;
  };

  // The request is the root; the update goes from the API's client to the workflow's handler.
  expect(request!.parentSpanId).toBeUndefined();
  const [clientUpdate] = named('StartWorkflowUpdate:completeStep');
  expect(parentOf(clientUpdate)).toBe(request);
  const [handler] = named('HandleUpdate:completeStep');
  expect(parentOf(handler)).toBe(clientUpdate);
  // The step the action made ready is delivered in the action's trace, over HTTP with traceparent.
  const [http] = named('POST /work-items');
  expect(ancestry(http)).toEqual([
    'POST /work-items',
    'RunActivity:deliverWorkItem',
    'StartActivity:deliverWorkItem',
    'HandleUpdate:completeStep',
    'StartWorkflowUpdate:completeStep',
    'graphql mutation completeStep',
  ]);
  expect(http.attributes['lien_thong.delivery_outcome']).toBe('ACCEPTED');
  // The agency's callback came back with that traceparent: its route, and the update it sends, are children of the call.
  const [callback] = named('POST /agency-callbacks');
  expect(parentOf(callback)).toBe(http);
  const [outcome] = named('StartWorkflowUpdate:agencyOutcome');
  expect(parentOf(outcome)).toBe(callback);
  const [outcomeHandler] = named('HandleUpdate:agencyOutcome');
  expect(parentOf(outcomeHandler)).toBe(outcome);
  // The read model was written in the same trace, by the activity the update handler scheduled.
  expect(trace.some((s) => s.name === 'RunActivity:applyReadModelUpdate')).toBe(true);
});
