// An in-process studio for bench scripts: typed contract calls that throw on an error result, and a wait for a job
// to end that throws unless it ended done (a bench has nothing sensible to do with a half-finished job).
import { createNodeStudio } from '../src-main/services/node-studio';
import type { MethodInput, MethodName, MethodOutput } from '../src-main/shared/contract';
import type { Job } from '../src-main/shared/dto';

export type Call = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;

const FINAL = new Set(['done', 'failed', 'cancelled', 'interrupted']);

/** Polls the job until it ends; a job that ends other than done is an error naming its kind and why. */
export async function jobFinished(call: Call, job: Job): Promise<Job> {
  for (;;) {
    const now = await call('jobs.get', { id: job.id });
    if (FINAL.has(now.state)) {
      if (now.state !== 'done') throw new Error(`${now.kind} job ${now.state}: ${now.error?.message ?? ''}`);
      return now;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A quiet studio (its log dropped) with `call` and `finished` bound to it, and `close` for the end of the run. */
export function benchStudio(): { call: Call; finished: (job: Job) => Promise<Job>; close: () => Promise<void> } {
  const studio = createNodeStudio({ log: () => undefined });
  const call: Call = async (method, input) => {
    const r = await studio.dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as MethodOutput<typeof method>;
  };
  return { call, finished: (job) => jobFinished(call, job), close: () => studio.close() };
}
