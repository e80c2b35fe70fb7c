// Starts a contract job and waits for its terminal `job` event, showing progress and turning Ctrl-C into a soft cancel.
import type { MethodName } from '../../shared/contract';
import type { Job, JobState } from '../../shared/dto';
import type { StudioApi } from '../../services/studio-api';
import { failureFromService } from './errors';
import type { ProgressReporter, TextSink } from './progress';

const TERMINAL: ReadonlySet<JobState> = new Set(['done', 'failed', 'cancelled', 'interrupted']);

/** Contract methods that start a job. */
export type JobMethod =
  | Extract<MethodName, `${string}.start`>
  | 'scores.import'
  | 'mars.continue'
  | 'reform.continue'
  | 'jobs.resume'
  | 'policy.train'
  | 'robustness.exportPerturbed';

/** Registers a Ctrl-C listener; returns the function that removes it. */
export type InterruptSource = (listener: () => void) => () => void;

export interface JobOutcome {
  job: Job;
  /** Ctrl-C was pressed once: the job was asked to stop after its current batch. */
  cancelRequested: boolean;
  /** Ctrl-C was pressed twice: we stopped waiting; closing the api stops the job. */
  abandoned: boolean;
}

/** Calls `method` and unwraps its Result, throwing the CLI error that matches a service error. */
export async function call<T>(api: StudioApi, method: MethodName, input: unknown): Promise<T> {
  const result = await api.dispatch(method, input);
  if (!result.ok) throw failureFromService(result.error);
  return result.value as T;
}

export async function runJob(
  api: StudioApi,
  method: JobMethod,
  input: unknown,
  deps: { reporter: ProgressReporter; onInterrupt: InterruptSource; notices: TextSink },
): Promise<JobOutcome> {
  // Subscribe before starting: a small job can finish before `*.start` even returns.
  const latest = new Map<string, Job>();
  let wake: () => void = () => {};
  const unsubscribe = api.onEvent((event) => {
    if (event.type !== 'job') return;
    latest.set(event.job.id, event.job);
    wake();
  });
  let cancelRequested = false;
  let abandoned = false;
  let removeInterrupt: () => void = () => {};
  try {
    const started = await call<Job>(api, method, input);
    let job = TERMINAL.has(started.state) ? started : (latest.get(started.id) ?? started);
    removeInterrupt = deps.onInterrupt(() => {
      if (cancelRequested) {
        abandoned = true;
        wake();
        return;
      }
      cancelRequested = true;
      deps.reporter.finish();
      deps.notices.write('Cancelling after the current batch… (Ctrl-C again to stop waiting)\n');
      void api.dispatch('jobs.cancel', { id: started.id });
    });
    while (!TERMINAL.has(job.state) && !abandoned) {
      deps.reporter.update(job);
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      job = latest.get(started.id) ?? job;
    }
    deps.reporter.ended(job);
    deps.reporter.finish();
    return { job, cancelRequested, abandoned };
  } finally {
    removeInterrupt();
    unsubscribe();
  }
}
