// Serves the built renderer: correct content types, SPA fallback to index.html, nothing outside its folder.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL path onto a file below `root`, or null when it would escape it. Decoding happens before the
 * check because `%2f` survives URL normalisation and would otherwise smuggle `../` past it.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const full = resolve(base, '.' + (decoded.startsWith('/') ? decoded : `/${decoded}`));
  return full === base || full.startsWith(base + sep) ? full : null;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(body);
}

/** Answers a GET/HEAD for the page or its assets; `headers` (CSP and friends) go on every response. */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  root: string,
  headers: Record<string, string>,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'Method not allowed', { ...headers, Allow: 'GET, HEAD' });
    return;
  }
  const target = resolveStaticPath(root, url.pathname);
  if (target === null) {
    send(res, 403, 'Forbidden', headers);
    return;
  }
  let file = target;
  if (!(await isFile(file))) {
    // Client-side routes have no extension; a missing asset must stay a 404 rather than become HTML.
    if (extname(url.pathname) !== '') {
      send(res, 404, 'Not found', headers);
      return;
    }
    file = resolve(root, 'index.html');
    if (!(await isFile(file))) {
      send(res, 404, 'The renderer is not built: run npm run build first.', headers);
      return;
    }
  }
  res.writeHead(200, {
    ...headers,
    'Content-Type': contentTypeFor(file),
    // Vite names everything under /assets/ by content hash; anything else (the page) must be revalidated.
    'Cache-Control': url.pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
