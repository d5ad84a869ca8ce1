// Renders every form from the sample facts (forms/sample-facts.ts) to PDF and to PNG at 100 dpi in
// docs/forms/, the pictures the README shows: `npx tsx scripts/render-form-samples.ts` (needs
// poppler's pdftoppm).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildApology } from '../forms/apology';
import { buildControlSheet } from '../forms/control-sheet';
import { toPdf, type PrintedForm } from '../forms/printed-form';
import { buildReceipt } from '../forms/receipt';
import { buildRefusal } from '../forms/refusal';
import { buildRegister } from '../forms/register';
import { SAMPLE_DOSSIER_FACTS as F, SAMPLE_REGISTER_FACTS } from '../forms/sample-facts';
import { buildStopNotice } from '../forms/stop-notice';
import { buildSupplementRequest } from '../forms/supplement-request';

const OUT = path.join(__dirname, '..', 'docs', 'forms');

const forms: Record<string, PrintedForm> = {
  '1-receipt': buildReceipt(F),
  '2-supplement-request': buildSupplementRequest(F, F.supplement!),
  '3-refusal': buildRefusal(F, F.refusal!),
  '4-apology': buildApology(F, F.apologies[0]),
  '5-stop-notice': buildStopNotice(F, F.stop!),
  '6-control-sheet': buildControlSheet(F),
  '7-register': buildRegister(SAMPLE_REGISTER_FACTS),
};

async function run() {
  mkdirSync(OUT, { recursive: true });
  const tmp = path.join(OUT, 'tmp.pdf');
  for (const [name, form] of Object.entries(forms)) {
    writeFileSync(tmp, await toPdf(form));
    execFileSync('pdftoppm', ['-r', '100', '-png', tmp, path.join(OUT, name)]);
  }
  execFileSync('rm', ['-f', tmp]);
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
