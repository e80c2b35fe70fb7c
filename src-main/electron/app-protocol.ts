// The `prefstudio://app/` scheme the built renderer is served from instead of file://: a privileged standard scheme
// (its own origin, secure context, fetch, ES modules) whose handler serves only files inside out/renderer/.
// No electron import here, so the handler is unit-tested in Node; main.ts registers it.
import { realpath, readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

export const APP_SCHEME = 'prefstudio';
export const APP_HOST = 'app';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * For `protocol.registerSchemesAsPrivileged` (before the app is ready). `standard` gives the scheme real origins
 * and relative URLs; `secure` a secure context. No `bypassCSP`, no `corsEnabled`, no service workers, no streaming.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** True for URLs of the app origin (`prefstudio://app`), whatever the path, query or hash. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/**
 * The file a request names under `root`, or null when it names none there: another host, an encoded NUL, a path
 * that leaves the folder (`..`, encoded `%2e%2e` or `%2f`, a backslash). `/` serves index.html.
 */
export function appFilePath(root: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  const { pathname } = new URL(url);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = resolve(root);
  const target = resolve(base, relative);
  return target.startsWith(base + sep) ? target : null;
}

export type AppRequestHandler = (request: { url: string; method: string }) => Promise<Response>;

/**
 * The handler for `protocol.handle(APP_SCHEME, …)`: GET/HEAD only, files under `root` only (symlinks resolved, so
 * a link inside cannot point outside), the CSP on every response, and no caching of a stale build.
 */
export function appProtocolHandler(root: string, csp: string): AppRequestHandler {
  const headers = (type: string): Record<string, string> => ({
    'Content-Type': type,
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  const refuse = (status: number, text: string): Response => new Response(text, { status, headers: headers('text/plain; charset=utf-8') });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed');
    const path = appFilePath(root, request.url);
    if (path === null) return refuse(403, 'outside the app');
    let real: string;
    let realRoot: string;
    try {
      [real, realRoot] = await Promise.all([realpath(path), realpath(root)]);
    } catch {
      return refuse(404, 'not found');
    }
    if (!real.startsWith(realRoot + sep)) return refuse(403, 'outside the app');
    let body: Buffer;
    try {
      body = await readFile(real);
    } catch {
      // A folder, or a file that went away between the checks.
      return refuse(404, 'not found');
    }
    const type = MIME[extname(real).toLowerCase()] ?? 'application/octet-stream';
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: headers(type) });
  };
}

