// Job: writes the built-in demo data set into the project, in checkpointed batches.
import { jobParams } from '../shared/job-params';
import { generateDemoPairs } from '../demo/generate';
import type { NewPair } from '../store/types';
import type { JobRunner } from './context';

const BATCH = 1000;

export const runDemoJob: JobRunner<'demo'> = async (ctx) => {
  const { pairs, seed, labelNoise, datasetName } = jobParams('demo', ctx.params);
  const { db, jobId } = ctx;
  const name = datasetName ?? `demo-${seed}`;
  const dataset =
    db.datasets.findByName(name) ?? db.datasets.create({ name, sourcePath: null, format: 'demo', options: { pairs, seed, labelNoise } });
  // Generation is deterministic, so a resumed job regenerates the list and skips what it already committed.
  const checkpoint = db.jobs.getCheckpoint(jobId);
  if (!checkpoint && dataset.pairCount >= pairs) {
    // Running the demo again on the same project must not duplicate it.
    ctx.progress({ done: pairs, total: pairs, unit: 'pairs', message: `demo data set ${name} is already here` }, true);
    return { datasetId: dataset.id, pairs: 0, existing: dataset.pairCount };
  }
  const all = generateDemoPairs({ pairs, seed, labelNoise });
  let next = Number(checkpoint?.next ?? 0);
  ctx.progress({ done: next, total: pairs, unit: 'pairs', message: 'generating demo pairs' }, true);
  while (next < all.length && !ctx.signal.aborted) {
    const rows: NewPair[] = all.slice(next, next + BATCH).map((p, i) => ({
      datasetId: dataset.id,
      prompt: p.prompt,
      chosen: p.chosen,
      rejected: p.rejected,
      split: p.split,
      origin: 'original',
      sourceFormat: 'demo',
      sourceLine: next + i + 1,
      extra: p.extra,
    }));
    next += rows.length;
    db.transaction(() => {
      db.pairs.insertMany(rows);
      db.jobs.setCheckpoint(jobId, { next });
    });
    ctx.progress({ done: next, total: pairs, unit: 'pairs', message: `wrote ${next} of ${pairs} demo pairs` });
    ctx.changed(dataset.id);
    await new Promise((r) => setImmediate(r));
  }
  ctx.progress({ done: next, total: pairs, unit: 'pairs', message: ctx.signal.aborted ? 'cancelled' : 'demo data set ready' }, true);
  return { datasetId: dataset.id, pairs: next };
};
