// The CSP meta tag of index.html matches the header CSPs (Electron and server mode) directive by directive.
// Two differences are inherent and checked as such: browsers ignore frame-ancestors in a meta tag, and the meta
// tag cannot know the server's port, so its connect-src allows loopback WebSockets on any port (the header, which
// does know it, narrows that to one port: both policies apply, so the stricter wins).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rendererCsp } from '../../../src-main/electron/renderer-origin';
import { securityHeaders } from '../../../src-main/transports/server/security';

function directives(csp: string): Map<string, string> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name ?? '', values.join(' ')]),
  );
}

const html = readFileSync(new URL('../../../src-renderer/index.html', import.meta.url), 'utf8');
const meta = directives(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '');

describe('CSP meta tag', () => {
  for (const [name, header] of [
    ['electron', rendererCsp(undefined)],
    ['server', securityHeaders(4321)['Content-Security-Policy'] ?? ''],
  ] as const) {
    it(`equals the ${name} header CSP but for frame-ancestors and the connect-src port`, () => {
      const h = directives(header);
      expect(h.get('frame-ancestors')).toBe("'none'");
      h.delete('frame-ancestors');
      expect([...meta.keys()].sort()).toEqual([...h.keys()].sort());
      for (const [key, value] of h) {
        if (key === 'connect-src') {
          // Every source the header allows the meta tag allows too, by the same or a port-wildcard source.
          for (const src of value.split(' '))
            expect(meta.get(key)?.split(' ').some((m) => m === src || (m.endsWith(':*') && src.startsWith(m.slice(0, -1))))).toBe(true);
          expect(meta.get(key)?.split(' ').every((m) => m === "'self'" || /^ws:\/\/(127\.0\.0\.1|localhost):\*$/.test(m))).toBe(true);
        } else expect(meta.get(key), key).toBe(value);
      }
    });
  }
});
