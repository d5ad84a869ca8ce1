// Printing speed of the forms on one core, in process (no HTTP, no database: the cost of laying out
// and writing the PDF): the receipt (a table of components and a QR code) and a 12-step control
// sheet, each against a floor measured in the same run: pdfmake with the same font writing a page
// with one line. Sequential renders, so one core; p50/p99 per form and forms per second.
import { buildControlSheet } from '../forms/control-sheet';
import { page } from '../forms/pdf/administrative-layout';
import { toPdf, type PrintedForm } from '../forms/printed-form';
import { buildReceipt } from '../forms/receipt';
import { SAMPLE_DOSSIER_FACTS, sampleFactsWithSteps } from '../forms/sample-facts';
import {
  median,
  percentile,
  printTable,
  round,
  type BenchContext,
  type BenchResult,
  type Row,
} from './stats';

const FLOOR: PrintedForm = {
  definition: page([{ text: 'Giấy tiếp nhận hồ sơ' }]),
  meta: { title: 'floor', author: 'bench', printedAt: SAMPLE_DOSSIER_FACTS.receivedAt },
};

async function measure(form: () => PrintedForm, count: number) {
  for (let i = 0; i < Math.min(5, count); i++) await toPdf(form()); // warm-up: fonts parsed, JIT
  const times: number[] = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const t = process.hrtime.bigint();
    await toPdf(form());
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { p50: percentile(times, 50), p99: percentile(times, 99), perSecond: count / seconds };
}

export async function forms(ctx: BenchContext): Promise<BenchResult> {
  const count = ctx.quick ? 10 : 200;
  const sheetFacts = sampleFactsWithSteps(12);
  const cases: Record<string, () => PrintedForm> = {
    'floor (one line)': () => FLOOR,
    receipt: () => buildReceipt(SAMPLE_DOSSIER_FACTS),
    'control sheet, 12 steps': () => buildControlSheet(sheetFacts),
  };
  const runs: Record<string, { p50: number; p99: number; perSecond: number }>[] = [];
  for (let run = 0; run < ctx.runs; run++) {
    const results: (typeof runs)[number] = {};
    for (const [name, form] of Object.entries(cases)) results[name] = await measure(form, count);
    ctx.log(
      `run ${run + 1}: ${Object.entries(results)
        .map(([n, r]) => `${n} ${round(r.p50)} ms`)
        .join(', ')}`,
    );
    runs.push(results);
  }
  const floor = median(runs.map((r) => r['floor (one line)'].p50));
  const summary: Row[] = Object.keys(cases).map((name) => {
    const p50 = median(runs.map((r) => r[name].p50));
    return {
      form: name,
      'p50 ms': round(p50),
      'p99 ms': round(median(runs.map((r) => r[name].p99))),
      'forms/s': round(median(runs.map((r) => r[name].perSecond)), 1),
      'x floor (p50)': round(p50 / floor),
    };
  });
  printTable(`forms: ${count} sequential renders per form and run, medians of ${ctx.runs} runs`, summary);
  return {
    name: 'forms',
    summary,
    runs,
    notes: [`${count} renders per form and run, one core (sequential)`],
  };
}
