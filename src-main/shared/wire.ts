// How the contract travels: the Electron preload façade and the HTTP/WebSocket routes of server mode.
import type { StudioEvent } from './contract';
import type { Result } from './errors';

/** The only object the preload exposes (`window.prefstudio`): no ipcRenderer, no generic channel access. */
export interface PreloadBridge {
  /** Calls one contract method; the main process validates `input` and checks the sender. */
  call(method: string, input: unknown): Promise<Result<unknown>>;
  /** Subscribes to contract events; returns the unsubscribe function. */
  onEvent(listener: (event: StudioEvent) => void): () => void;
  /** Path on disk of a file the user dropped or picked (Electron's webUtils.getPathForFile). */
  pathForFile(file: File): string;
  /** Native open/save dialogs; null when the user cancels. `folder` picks (or creates) a directory. */
  pickOpenPath(kind: 'project' | 'data' | 'folder'): Promise<string | null>;
  pickSavePath(kind: 'project' | 'export', defaultName: string): Promise<string | null>;
}

/** IPC channel names used by the preload; never exposed to the renderer. */
export const IpcChannel = {
  call: 'prefstudio:call',
  event: 'prefstudio:event',
  pickOpen: 'prefstudio:pick-open',
  pickSave: 'prefstudio:pick-save',
} as const;

/**
 * Server mode (`prefstudio serve`), all on 127.0.0.1:
 * - `POST /api/call/<method>` with a JSON body → `Result` JSON (HTTP 200 for results, 401/403 for auth).
 * - `POST /api/upload?name=<file name>` with the raw file as body → `Result<{ path }>`; the file is staged in
 *   the project's artifacts folder so `import.*` can read it by path.
 * - `GET /api/events` upgraded to a WebSocket: one JSON `StudioEvent` per message.
 * Every request carries the access token printed at start: header `Authorization: Bearer <token>`, or for the
 * WebSocket the `token` query parameter. The page itself is opened as `/?token=<token>`; the renderer reads
 * the token from the URL once and keeps it in sessionStorage. Requests with an Origin other than the
 * server's own are refused.
 */
export const HttpRoute = {
  callPrefix: '/api/call/',
  upload: '/api/upload',
  events: '/api/events',
} as const;

export const TOKEN_QUERY_PARAM = 'token';
export const TOKEN_STORAGE_KEY = 'prefstudio.token';
