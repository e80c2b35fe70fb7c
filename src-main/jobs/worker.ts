// Entry point of every job: runs in a worker thread or a child process, never on the main loop.
import { parentPort } from 'node:worker_threads';
import { toErrorDTO } from '../shared/errors';
import { MemorySecretStore } from '../llm/secret-store';
import { openProject } from '../store/project';
import { createJobContext } from './context';
import type { HostToJob, JobStart, JobToHost } from './protocol';
import { runners } from './runners';

type Port = { send(m: JobToHost): void; listen(l: (m: HostToJob) => void): void; close(): void };

function port(): Port {
  if (parentPort) {
    const p = parentPort;
    return { send: (m) => p.postMessage(m), listen: (l) => p.on('message', l), close: () => p.close() };
  }
  // Electron utility process: messages arrive as MessageEvents on process.parentPort.
  const utility = (process as { parentPort?: { on(e: 'message', l: (ev: { data: unknown }) => void): void; postMessage(m: unknown): void } }).parentPort;
  if (utility) {
    return {
      send: (m) => utility.postMessage(m),
      listen: (l) => utility.on('message', (ev) => l(ev.data as HostToJob)),
      // The port keeps the process alive and has no close(); exit once the last message has been handed over.
      close: () => setImmediate(() => process.exit(0)),
    };
  }
  if (process.send) {
    // A host that dies leaves no one to report to: stop instead of writing on as an orphan, which would race the
    // job resumed after the project is reopened. The open batch rolls back; committed ones stay.
    process.once('disconnect', () => process.exit(0));
    return {
      // Without a callback a send to a parent that just died throws EPIPE as an uncaught error (a stack trace on
      // the terminal); with one, the orphan ends quietly like on 'disconnect'.
      send: (m) => process.send?.(m, undefined, undefined, (err: Error | null) => err && process.exit(0)),
      listen: (l) => process.on('message', (m) => l(m as HostToJob)),
      close: () => process.disconnect(),
    };
  }
  throw new Error('job worker started without a parent (run it through the job host)');
}

async function run(start: JobStart, io: Port, abort: AbortController): Promise<void> {
  const db = openProject(start.projectPath, { create: false, nativeBinding: start.sqliteNativeBinding });
  try {
    const job = db.jobs.get(start.jobId);
    if (!job) throw new Error(`job ${start.jobId} does not exist in ${start.projectPath}`);
    const runner = runners[start.kind];
    if (!runner) throw new Error(`no runner for ${start.kind} jobs in this version`);
    db.jobs.setState(start.jobId, 'running');
    const secrets = new MemorySecretStore(start.secrets);
    const ctx = createJobContext({ db, jobId: start.jobId, params: job.params, signal: abort.signal, send: io.send, secrets });
    const result = await runner(ctx);
    ctx.flush();
    io.send({ type: 'done', result, cancelled: abort.signal.aborted });
  } finally {
    db.close();
  }
}

const io = port();
const abort = new AbortController();
io.listen((message) => {
  if (message.type === 'cancel') abort.abort();
  else
    run(message.start, io, abort)
      .catch((err: unknown) => {
        const e = toErrorDTO(err);
        io.send({ type: 'error', error: { code: e.code, message: e.message } });
      })
      .finally(() => io.close());
});
