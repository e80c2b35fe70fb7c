// Server-mode access control: the per-run access token, the loopback Host/Origin allow-list and the page's CSP.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_QUERY_PARAM } from '../../shared/wire';

/** 24 random bytes, URL-safe: printed once at start, required on every /api request. */
export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response timings. */
export function tokenMatches(candidate: string | null | undefined, token: string): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of an API request: `Authorization: Bearer <t>`, or the `token` query parameter when allowed. */
export function requestToken(req: IncomingMessage, url: URL, allowQuery: boolean): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return allowQuery ? url.searchParams.get(TOKEN_QUERY_PARAM) : null;
}

/** The names this server answers to; anything else is a DNS-rebinding or cross-site attempt. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/**
 * Refuses a request whose Host is not ours (a rebound DNS name still carries the attacker's host name) or
 * whose Origin names another site (browsers send Origin on cross-origin fetches and on every WebSocket).
 * Returns the reason, or null when the request may proceed.
 */
export function originProblem(req: IncomingMessage, port: number): string | null {
  const hosts = allowedHosts(port);
  const host = req.headers.host;
  if (host === undefined || !hosts.includes(host.toLowerCase()))
    return `host ${JSON.stringify(host ?? '')} is not allowed`;
  const origin = req.headers.origin;
  if (origin !== undefined && !hosts.some((h) => origin.toLowerCase() === `http://${h}`)) {
    return `origin ${JSON.stringify(origin)} is not allowed`;
  }
  return null;
}

/** Security headers for every response; the CSP only lets the page talk back to this server. */
export function securityHeaders(port: number): Record<string, string> {
  const ws = allowedHosts(port)
    .map((h) => `ws://${h}`)
    .join(' ');
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self' ${ws}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}
