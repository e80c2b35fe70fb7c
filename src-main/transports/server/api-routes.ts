// The data routes of server mode: contract calls as JSON, and file uploads staged in the project's artifacts.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isMethodName } from '../../shared/contract';
import { ErrorCode, type Result } from '../../shared/errors';
import { HttpRoute } from '../../shared/wire';
import type { StudioApi } from '../../services/studio-api';

/** Contract inputs are small; only uploads carry data files, and they stream to disk. */
export const MAX_CALL_BODY_BYTES = 10 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`request body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

export function failure(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `POST /api/call/<method>`: the body goes to `dispatch` as is; the services validate it exactly once. */
export async function handleCall(
  api: StudioApi,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  headers: Record<string, string>,
): Promise<void> {
  const method = safeDecode(url.pathname.slice(HttpRoute.callPrefix.length));
  if (!isMethodName(method)) {
    sendJson(res, 200, failure(ErrorCode.UnknownMethod, `unknown method ${JSON.stringify(method)}`), headers);
    return;
  }
  let text: string;
  try {
    text = await readBody(req, MAX_CALL_BODY_BYTES);
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    res.setHeader('Connection', 'close');
    sendJson(res, 413, failure(ErrorCode.InvalidRequest, err.message), headers);
    return;
  }
  let input: unknown;
  try {
    // An empty body means "no parameters", so `curl -X POST …/api/call/app.info` works.
    input = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    sendJson(res, 200, failure(ErrorCode.InvalidRequest, `body of ${method} is not valid JSON`), headers);
    return;
  }
  sendJson(res, 200, await api.dispatch(method, input), headers);
}

/** Keeps a user-supplied file name readable but harmless: no directories, no dot-files, no odd characters. */
export function sanitizeUploadName(name: string | null): string {
  const cleaned = basename((name ?? '').replace(/\\/g, '/'))
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^[.]+/, '')
    .slice(-100);
  return cleaned === '' ? 'upload' : cleaned;
}

/** Default cap of one upload (server `--max-upload`): an HH split is tens of MB, a big JSONL a few GB at most. */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/** Counts bytes through the pipeline and fails it once the cap is passed, whatever Content-Length said. */
function capped(limit: number): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      done(size > limit ? new BodyTooLargeError(limit) : null, chunk);
    },
  });
}

/** `POST /api/upload?name=`: streams the body into `<artifacts>/uploads/` so `import.*` can read it by path. */
export async function handleUpload(
  api: StudioApi,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  headers: Record<string, string>,
  maxBytes: number = DEFAULT_MAX_UPLOAD_BYTES,
): Promise<void> {
  const tooLarge = (): void => {
    res.setHeader('Connection', 'close');
    sendJson(res, 413, failure(ErrorCode.TooLarge, `upload exceeds ${maxBytes} bytes (server --max-upload)`), headers);
  };
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
    req.resume();
    tooLarge();
    return;
  }
  const artifacts = api.artifactsDir();
  if (artifacts === null) {
    req.resume();
    sendJson(res, 200, failure(ErrorCode.NoProject, 'open a project before uploading files'), headers);
    return;
  }
  const dir = join(artifacts, 'uploads');
  await mkdir(dir, { recursive: true });
  const path = join(
    dir,
    `${randomBytes(6).toString('hex')}-${sanitizeUploadName(url.searchParams.get('name'))}`,
  );
  try {
    await pipeline(req, capped(maxBytes), createWriteStream(path, { flags: 'wx' }));
  } catch (err) {
    // A client that disconnects mid-upload must not leave a truncated file that looks importable.
    await rm(path, { force: true });
    if (err instanceof BodyTooLargeError) {
      tooLarge();
      return;
    }
    throw err;
  }
  sendJson(res, 200, { ok: true, value: { path } } satisfies Result<{ path: string }>, headers);
}
