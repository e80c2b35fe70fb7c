// StudioClient for server mode (`prefstudio serve`): JSON over `POST /api/call/<method>`, events over WebSocket.
import type { MethodInput, MethodName, MethodOutput } from '@shared/contract';
import { ErrorCode, StudioError } from '@shared/errors';
import { HttpRoute } from '@shared/wire';
import { EventSocket, type SocketFactory } from './event-socket';
import { isResult, transportError, unwrap } from './result';
import type { RendererClient } from './types';

export interface HttpClientOptions {
  /** Origin of the server, e.g. `http://127.0.0.1:5178`. */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  openSocket?: SocketFactory;
}

export function createHttpClient(options: HttpClientOptions): RendererClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl.replace(/\/+$/, '');
  const authHeader = { Authorization: `Bearer ${options.token}` };
  const eventsUrl = `${base.replace(/^http/, 'ws')}${HttpRoute.events}?token=${encodeURIComponent(options.token)}`;
  const events = new EventSocket(eventsUrl, options.openSocket ?? ((url) => new WebSocket(url)), async () => {
    try {
      await request(`${HttpRoute.callPrefix}app.info`, {
        method: 'POST',
        headers: { ...authHeader, 'Content-Type': 'application/json' },
        body: '{}',
      });
      return true;
    } catch (err) {
      // Only a refused token stops the retries; a server that is down may come back.
      return !(err instanceof StudioError && err.code === ErrorCode.Unauthorized);
    }
  });

  async function request(path: string, init: RequestInit): Promise<unknown> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, init);
    } catch (err) {
      throw transportError(
        `Cannot reach the Preference Studio server: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (response.status === 401 || response.status === 403) {
      throw new StudioError(
        ErrorCode.Unauthorized,
        'The server refused the access token: open the address printed by `prefstudio serve` again.',
      );
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw transportError(`The server answered ${path} with HTTP ${response.status} and no JSON result.`);
    }
    if (!isResult(body))
      throw transportError(`The server answered ${path} with something that is not a result.`);
    return unwrap(body);
  }

  return {
    mode: 'http',
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const value = await request(`${HttpRoute.callPrefix}${method}`, {
        method: 'POST',
        headers: { ...authHeader, 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
      return value as MethodOutput<M>;
    },
    onEvent: (listener) => events.subscribe(listener),
    async stageFile(file) {
      const value = await request(`${HttpRoute.upload}?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { ...authHeader, 'Content-Type': 'application/octet-stream' },
        body: file,
      });
      const path = (value as { path?: unknown } | null)?.path;
      if (typeof path !== 'string')
        throw transportError('The server did not say where it stored the upload.');
      return path;
    },
    dialogs: null,
    onConnection: (listener) => events.onConnection(listener),
  };
}
