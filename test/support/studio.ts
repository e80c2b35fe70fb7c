// Helpers for service tests: a real Studio on a real project file in a temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MethodInput, MethodName, MethodOutput, StudioEvent } from '../../src-main/shared/contract';
import type { Job } from '../../src-main/shared/dto';
import { StudioError } from '../../src-main/shared/errors';
import { createNodeStudio } from '../../src-main/services/node-studio';
import type { Studio } from '../../src-main/services/studio';

export interface TestStudio {
  studio: Studio;
  dir: string;
  events: StudioEvent[];
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Resolves with the job once an event reports it in a final state. */
  finished(jobId: string): Promise<Job>;
  dispose(): Promise<void>;
}

const FINAL = new Set(['done', 'failed', 'cancelled', 'interrupted']);

export function makeStudio(logs: string[] = []): TestStudio {
  const dir = mkdtempSync(join(tmpdir(), 'prefstudio-test-'));
  const studio = createNodeStudio({ log: (l) => logs.push(l) });
  const events: StudioEvent[] = [];
  const waiters = new Map<string, (job: Job) => void>();
  studio.onEvent((e) => {
    events.push(e);
    if (e.type === 'job' && FINAL.has(e.job.state)) waiters.get(e.job.id)?.(e.job);
  });
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const r = await studio.dispatch(method, input);
    if (!r.ok) throw StudioError.fromDTO(r.error);
    return r.value as MethodOutput<M>;
  };
  return {
    studio,
    dir,
    events,
    call,
    finished: (jobId) =>
      new Promise((resolve, reject) => {
        // Listen first, then look: the final event may arrive while the lookup is in flight.
        waiters.set(jobId, resolve);
        call('jobs.get', { id: jobId }).then((job) => FINAL.has(job.state) && resolve(job), reject);
      }),
    dispose: async () => {
      await studio.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
