// The console (console/, built by Vite into console/dist) served from the API's own origin, so the
// browser needs nothing from outside (provincial networks are often closed) and the session cookie
// and CSRF header stay first-party. Hashed assets are cached for good; every other path that is not a
// file answers index.html, so the console's own routes (/escalations, /dossiers/…) survive a reload.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

export const CONSOLE_DIST = path.join(__dirname, '..', 'console', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Paths the API answers itself; everything else under GET/HEAD is the console's. */
export function isConsoleRequest(req: IncomingMessage): boolean {
  return req.method === 'GET' || req.method === 'HEAD';
}

async function fileAt(file: string): Promise<number | null> {
  const info = await stat(file).catch(() => null);
  return info?.isFile() ? info.size : null;
}

export async function serveConsole(req: IncomingMessage, res: ServerResponse, dist = CONSOLE_DIST) {
  const pathname = decodeURIComponent((req.url ?? '/').split('?')[0]);
  // normalize + the prefix check keep `..` from leaving the build folder.
  const wanted = path.normalize(path.join(dist, pathname));
  let file = wanted.startsWith(dist + path.sep) ? wanted : path.join(dist, 'index.html');
  let size = await fileAt(file);
  const isAsset = size !== null && pathname.startsWith('/assets/');
  if (size === null) {
    file = path.join(dist, 'index.html');
    size = await fileAt(file);
  }
  if (size === null) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The console is not built: run `npm run console:build` (npm install does it).\n');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': size,
    'cache-control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy':
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
