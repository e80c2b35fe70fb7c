// Server mode: the renderer and the contract over HTTP + WebSocket, on 127.0.0.1 only, behind an access token.
import { dirname } from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ErrorCode } from '../../shared/errors';
import { HttpRoute, TOKEN_QUERY_PARAM } from '../../shared/wire';
import type { StudioApi } from '../../services/studio-api';
import { failure, handleCall, handleUpload, sendJson } from './api-routes';
import { PathPolicy, withPathPolicy } from './path-policy';
import { newAccessToken, originProblem, requestToken, securityHeaders, tokenMatches } from './security';
import { serveStatic } from './static-files';

/** Loopback only: the studio holds unpublished data and has no user accounts. */
export const SERVER_HOST = '127.0.0.1';

export interface ServerOptions {
  api: StudioApi;
  /** Folder of the built renderer (`out/renderer`). */
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Fixed token (tests); a fresh random one otherwise. */
  token?: string;
  log?: (line: string) => void;
  /** Cap of one upload in bytes (default DEFAULT_MAX_UPLOAD_BYTES, 2 GiB). */
  maxUploadBytes?: number;
  /** Folders contract inputs may name (`--allow`); default: the open project's folder and the current directory. */
  allow?: readonly string[];
}

function defaultAllowed(api: StudioApi): string[] {
  const artifacts = api.artifactsDir();
  return artifacts === null ? [process.cwd()] : [process.cwd(), dirname(artifacts)];
}

export interface RunningServer {
  /** The page URL with the token, to print or open: `http://127.0.0.1:<port>/?token=<t>`. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, SERVER_HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { rendererDir } = options;
  // The one file-access check of server mode: every route below sees only the guarded api.
  const api = withPathPolicy(options.api, new PathPolicy(options.allow ?? defaultAllowed(options.api)));
  const log = options.log ?? (() => {});
  const token = options.token ?? newAccessToken();
  let port = 0;
  let headers: Record<string, string> = {};

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${SERVER_HOST}:${port}`);
    const problem = originProblem(req, port);
    if (problem !== null) {
      sendJson(res, 403, failure(ErrorCode.Unauthorized, problem), headers);
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      await serveStatic(req, res, url, rendererDir, headers);
      return;
    }
    if (!tokenMatches(requestToken(req, url, false), token)) {
      sendJson(res, 401, failure(ErrorCode.Unauthorized, 'missing or wrong access token'), headers);
      return;
    }
    const isCall = url.pathname.startsWith(HttpRoute.callPrefix);
    if (!isCall && url.pathname !== HttpRoute.upload) {
      sendJson(res, 404, failure(ErrorCode.NotFound, `no route ${url.pathname}`), headers);
      return;
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, failure(ErrorCode.InvalidRequest, `${url.pathname} accepts POST only`), {
        ...headers,
        Allow: 'POST',
      });
      return;
    }
    if (isCall) await handleCall(api, req, res, url, headers);
    else await handleUpload(api, req, res, url, headers, options.maxUploadBytes);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      // The path only: the page's query string carries the access token, which must not reach logs.
      const path = (req.url ?? '').split('?')[0];
      log(`server: ${req.method} ${path}: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendJson(res, 500, failure(ErrorCode.Internal, 'internal server error'), headers);
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://${SERVER_HOST}:${port}`);
    if (url.pathname !== HttpRoute.events) return refuseUpgrade(socket, 404, 'Not Found');
    if (originProblem(req, port) !== null) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!tokenMatches(requestToken(req, url, true), token)) return refuseUpgrade(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  // Clients only listen; anything they send is ignored rather than interpreted.
  wss.on('connection', (ws: WebSocket) => ws.on('error', () => ws.terminate()));

  port = await listen(server, options.port ?? 0);
  const unsubscribe = api.onEvent((event) => {
    const message = JSON.stringify(event);
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(message);
  });
  headers = securityHeaders(port);
  const url = `http://${SERVER_HOST}:${port}/?${TOKEN_QUERY_PARAM}=${token}`;

  return {
    url,
    port,
    token,
    close: async () => {
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
