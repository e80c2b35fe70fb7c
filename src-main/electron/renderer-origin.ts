// Where our renderer lives (the app scheme or the dev server) and whether a URL belongs to it.
import { APP_INDEX_URL, isAppUrl } from './app-protocol';

export interface RendererLocation {
  /** What the window loads. */
  url: string;
  /** True for URLs of our renderer: the app origin `prefstudio://app` (any path, hash or query), or the dev server's origin. */
  isTrusted(url: string): boolean;
}

/**
 * In development electron-vite serves the renderer and sets ELECTRON_RENDERER_URL; packaged and previewed
 * builds load `out/renderer/` through the `prefstudio://app/` scheme (app-protocol.ts), never file://.
 */
export function rendererLocation(devServerUrl: string | undefined): RendererLocation {
  if (devServerUrl) {
    const origin = new URL(devServerUrl).origin;
    return {
      url: devServerUrl,
      isTrusted: (url) => {
        try {
          return new URL(url).origin === origin;
        } catch {
          return false;
        }
      },
    };
  }
  return { url: APP_INDEX_URL, isTrusted: isAppUrl };
}

/** The renderer's CSP, sent as a response header; the built index.html carries the same policy as a meta tag. */
export function rendererCsp(devServerUrl: string | undefined): string {
  // Vite's dev server pushes hot updates over a WebSocket on its own host.
  const hmr = devServerUrl ? ` ${new URL(devServerUrl).origin.replace(/^http/, 'ws')}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self'${hmr}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
