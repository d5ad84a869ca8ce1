// What a person reads off a printed form: its text (pdfjs-dist, in a child process since it is ESM
// only: tests/support/pdf-text.mjs), NFC-normalised, and the QR code decoded (jsqr) from its first
// page rendered to PNG by poppler's pdftoppm (Debian's poppler-utils, listed in .ci/apt-packages).
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

const run = promisify(execFile);

/** Lines of text per page, as they stand on the page (top to bottom), NFC. */
export function pdfLines(pdf: Buffer): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'pdf-text.mjs')], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`pdf-text failed: ${Buffer.concat(err).toString()}`));
      const pages = JSON.parse(Buffer.concat(out).toString()) as string[][];
      resolve(pages.map((lines) => lines.map((l) => l.normalize('NFC'))));
    });
    child.stdin.end(pdf);
  });
}

/** All the text, one line per line, pages joined. */
export async function pdfText(pdf: Buffer): Promise<string> {
  return (await pdfLines(pdf)).flat().join('\n');
}

/** The first page as PNG at `dpi` (pdftoppm). */
export async function firstPagePng(pdf: Buffer, dpi = 150): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'form-'));
  try {
    await writeFile(path.join(dir, 'form.pdf'), pdf);
    await run(
      'pdftoppm',
      ['-r', String(dpi), '-png', '-f', '1', '-l', '1', '-singlefile', 'form.pdf', 'page'],
      {
        cwd: dir,
      },
    );
    return await readFile(path.join(dir, 'page.png'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The QR code on the first page, decoded; undefined when none is found. */
export async function decodeQr(pdf: Buffer): Promise<string | undefined> {
  const png = PNG.sync.read(await firstPagePng(pdf));
  const found = jsQR(
    new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
    png.width,
    png.height,
  );
  return found?.data;
}
