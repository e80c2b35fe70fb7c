// The renderer's only door to the backend: picks the transport at start and hands the client to stores.
import { TOKEN_QUERY_PARAM, TOKEN_STORAGE_KEY, type PreloadBridge } from '@shared/wire';
import { createElectronClient } from './electron-client';
import { createHttpClient } from './http-client';
import type { RendererClient } from './types';

export type { ClientMode, NativeDialogs, RendererClient } from './types';

declare global {
  interface Window {
    prefstudio?: PreloadBridge;
  }
}

let current: RendererClient | null = null;

/** Installs the client every store uses; tests install a fake. */
export function setStudioClient(client: RendererClient): void {
  current = client;
}

export function useStudioClient(): RendererClient {
  if (current === null)
    throw new Error('No StudioClient installed: call setStudioClient() before using a store.');
  return current;
}

/**
 * Reads the server-mode token: from `?token=` once (then removed from the address bar so it is not
 * bookmarked or shared), afterwards from sessionStorage so reloads keep working.
 */
export function readToken(location: Location, storage: Storage, history: History): string {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get(TOKEN_QUERY_PARAM);
  if (fromUrl !== null && fromUrl !== '') {
    storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete(TOKEN_QUERY_PARAM);
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(TOKEN_STORAGE_KEY) ?? '';
}

/** Electron when the preload façade exists, otherwise the HTTP/WebSocket server this page came from. */
export function createClientForWindow(win: Window): RendererClient {
  if (win.prefstudio !== undefined) return createElectronClient(win.prefstudio);
  return createHttpClient({
    baseUrl: win.location.origin,
    token: readToken(win.location, win.sessionStorage, win.history),
  });
}
