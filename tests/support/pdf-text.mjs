// Reads the text of a PDF given on stdin with pdfjs-dist and prints it as JSON: one array of lines
// per page, each line the text runs sharing a baseline, left to right. pdfjs-dist is ESM only, so
// the tests run this in a child process (tests/support/pdf-reader.ts) rather than inside Jest.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const data = new Uint8Array(Buffer.concat(chunks));
const pdf = await getDocument({ data, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
const pages = [];
for (let n = 1; n <= pdf.numPages; n++) {
  const page = await pdf.getPage(n);
  const { items } = await page.getTextContent();
  const lines = new Map();
  for (const item of items) {
    if (!('str' in item) || item.str === '') continue;
    const y = Math.round(item.transform[5]);
    const key = [...lines.keys()].find((k) => Math.abs(k - y) <= 2) ?? y;
    if (!lines.has(key)) lines.set(key, []);
    lines.get(key).push({ x: item.transform[4], str: item.str, width: item.width });
  }
  pages.push(
    [...lines.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([, runs]) => {
        runs.sort((a, b) => a.x - b.x);
        let text = '';
        let end = null;
        for (const run of runs) {
          if (end !== null && run.x - end > 1.5 && !text.endsWith(' ') && !run.str.startsWith(' '))
            text += ' ';
          text += run.str;
          end = run.x + run.width;
        }
        return text.replace(/\s+/g, ' ').trim();
      })
      .filter(Boolean),
  );
}
process.stdout.write(JSON.stringify(pages));
