// A real OpenAI-compatible HTTP server on 127.0.0.1 for the LLM client tests: scripted replies, counted requests.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  index: number;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: {
    model?: string;
    messages?: Array<{ role: string; content: string }>;
    temperature?: number;
    max_tokens?: number;
    seed?: number;
  };
}

/** Decides the reply; may leave `res` open (to time out) or answer later. */
export type Handler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface FakeLlm {
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Requests whose connection closed before the server answered (the client aborted). */
  aborted: number[];
  inFlight(): number;
  maxInFlight(): number;
  close(): Promise<void>;
}

/** Writes an OpenAI chat-completion body. */
export function reply(res: ServerResponse, text: string, finishReason = 'stop'): void {
  const body = {
    id: 'cmpl-test',
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finishReason }],
    usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
  };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export function replyError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify({ error: { message, type: 'test_error' } }));
}

export async function startFakeLlm(handler: Handler): Promise<FakeLlm> {
  const requests: RecordedRequest[] = [];
  const aborted: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        index: requests.length,
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedRequest['body'],
      };
      requests.push(recorded);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      let done = false;
      const settle = (): void => {
        if (done) return;
        done = true;
        inFlight--;
      };
      res.on('finish', settle);
      res.on('close', () => {
        if (!res.writableFinished) aborted.push(recorded.index);
        settle();
      });
      void handler(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    aborted,
    inFlight: () => inFlight,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Resolves when `check` holds, polling the event loop; bounded so a broken test fails instead of hanging. */
export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for: ${what}`);
}
