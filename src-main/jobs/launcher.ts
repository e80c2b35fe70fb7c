// How a job gets off the main loop: a worker thread (I/O-bound jobs) or a child process (training, decoding).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HostToJob, JobToHost } from './protocol';

/** A running job as the host sees it, whatever runs it. */
export interface JobChannel {
  post(message: HostToJob): void;
  onMessage(listener: (message: JobToHost) => void): void;
  /** Called once when the thread/process ends; `code` 0 after a normal finish, `reason` when it crashed. */
  onExit(listener: (code: number, reason?: string) => void): void;
  /** Hard stop: used when a soft cancel is not honoured in time, and on shutdown. */
  kill(): void;
}

export type Launcher = (entry: URL) => JobChannel;

export const threadLauncher: Launcher = (entry) => {
  const worker = new Worker(entry);
  // An uncaught error in the thread (e.g. a missing module) must end the job, not the host process.
  let reason: string | undefined;
  worker.on('error', (err) => (reason = err.message));
  return {
    post: (m) => worker.postMessage(m),
    onMessage: (l) => worker.on('message', l),
    onExit: (l) => worker.once('exit', (code) => l(code, reason)),
    kill: () => void worker.terminate(),
  };
};

/** A separate OS process: its memory and CPU use never touch the main process (training lives here). */
export const processLauncher: Launcher = (entry) => {
  const child = fork(fileURLToPath(entry), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let reason: string | undefined;
  child.on('error', (err) => (reason = err.message));
  return {
    post: (m) => child.send(m),
    onMessage: (l) => child.on('message', (m) => l(m as JobToHost)),
    onExit: (l) => child.once('exit', (code, signal) => l(code ?? 1, reason ?? (signal ? `killed by ${signal}` : undefined))),
    kill: () => void child.kill('SIGKILL'),
  };
};
