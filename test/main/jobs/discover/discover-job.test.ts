// The decode job's wiring on a real project: policy models become local or endpoint sources, the reward model's
// folder is passed, and the run's status follows the job (done, cancelled, failed).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDecoderOptions } from '../../../../src-main/engine/decode/types';
import { createJobContext } from '../../../../src-main/jobs/context';
import { discoverJobRunner } from '../../../../src-main/jobs/discover/discover-job';
import { DiscoverOptions } from '../../../../src-main/shared/discovery-dto';
import { tmpProject, type TmpProject } from '../../store/fixtures';
import { fakeDecoder } from './fake-decoder';

let t: TmpProject;
let runId: number;

beforeEach(() => {
  t = tmpProject();
  const db = t.project;
  const ds = db.datasets.create({ name: 'd', sourcePath: null, format: null });
  db.transaction(() =>
    db.pairs.insertMany(
      Array.from({ length: 4 }, (_, i) => ({
        datasetId: ds.id, prompt: `p${i}`, chosen: `c${i}`.padEnd(30, 'c'), rejected: `r${i}`.padEnd(20, 'r'),
        split: 'validation' as const, origin: 'original' as const,
      })),
    ),
  );
  const rm = db.models.create({ name: 'rm', kind: 'reward', status: 'ready', artifactPath: 'models/rm' });
  const local = db.models.create({ name: 'pa', kind: 'policy', status: 'ready', artifactPath: 'models/pa', config: { role: 'aligned' } });
  const endpoint = db.models.create({
    name: 'pm', kind: 'policy', status: 'ready', config: { role: 'misaligned', endpoint: { baseUrl: 'http://127.0.0.1:9/v1', model: 'm7b', topLogprobs: 20 } },
  });
  runId = db.discovery.createRun({
    config: DiscoverOptions.parse({ prompts: 4 }),
    rewardModelId: rm.id,
    policies: { aligned: local.id, misaligned: endpoint.id },
  }).id;
});
afterEach(() => t.cleanup());

function context(signal = new AbortController().signal) {
  const jobId = randomUUID();
  t.project.jobs.create({ id: jobId, kind: 'decode', params: { runId } });
  return createJobContext({ db: t.project, jobId, params: { runId }, signal, send: () => undefined, intervalMs: 0 });
}

describe('decode job', () => {
  it('opens each role with its policy source and the reward model folder, and marks the run done', async () => {
    const opened: OpenDecoderOptions[] = [];
    const result = await discoverJobRunner((o) => {
      opened.push(o);
      return Promise.resolve(fakeDecoder({ calls: [], disposed: 0 }));
    })(context());
    const artifacts = t.project.info.artifactsDir;
    expect(opened.map((o) => [o.policy, o.rewardModelDir])).toEqual([
      [{ kind: 'local', dir: join(artifacts, 'models/pa') }, join(artifacts, 'models/rm')],
      [{ kind: 'endpoint', baseUrl: 'http://127.0.0.1:9/v1', model: 'm7b', topLogprobs: 20 }, join(artifacts, 'models/rm')],
    ]);
    expect(result).toMatchObject({ runId, promptsDone: 8, generated: 8, failures: 8 });
    expect(t.project.discovery.getRun(runId)?.status).toBe('done');
  });

  it('marks the run failed when the decoder cannot open, and cancelled after a cancel', async () => {
    const broken = discoverJobRunner(() => Promise.reject(new Error('policy folder is missing config.json')));
    await expect(broken(context())).rejects.toThrow('config.json');
    expect(t.project.discovery.getRun(runId)?.status).toBe('failed');

    const controller = new AbortController();
    await discoverJobRunner(() => Promise.resolve(fakeDecoder({ calls: [], disposed: 0 }, { outputs: 1, controller })))(context(controller.signal));
    expect(t.project.discovery.getRun(runId)?.status).toBe('cancelled');
  });
});
