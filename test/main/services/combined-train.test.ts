// The default `combined` preset through the train job on a real project: a transformer folder with its n-gram half
// in ngram/, scored as their sum by the train, score and eval jobs alike; and its held-out accuracy on the demo.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TrainOptions, type ModelMetrics } from '../../../src-main/shared/dto';
import { makeStudio, type TestStudio } from '../../support/studio';

let t: TestStudio;
afterEach(async () => t?.dispose());

describe('combined preset', () => {
  it('is the default, trains both halves, saves both, rescoring reproduces its accuracy; ≥ 0.97 held out on the demo', async () => {
    expect(TrainOptions.parse({}).preset).toBe('combined');
    t = makeStudio();
    await t.call('project.open', { path: join(t.dir, 'c.prefstudio'), create: true });
    expect((await t.finished((await t.call('demo.start', { pairs: 1500, seed: 1 })).id)).state).toBe('done');
    const done = await t.finished((await t.call('train.start', {})).id);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    const [model] = await t.call('models.list', {});
    expect(model!.preset).toBe('combined');
    const dir = join(t.dir, 'c.artifacts', model!.artifactPath!);
    for (const f of ['config.json', 'model.safetensors', 'tokenizer.json', 'ngram/config.json', 'ngram/model.safetensors']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const metrics = model!.metrics as ModelMetrics;
    expect(metrics.validation!.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(metrics.features!.positive.length).toBeGreaterThan(0);
    expect(metrics.baseline!.withinNoise).toBe(false);

    const rescored = await t.finished((await t.call('score.start', { modelId: model!.id })).id);
    expect(rescored.state).toBe('done');
    const again = (await t.call('models.get', { id: model!.id })).metrics as ModelMetrics;
    expect(again.validation!.accuracy).toBeCloseTo(metrics.validation!.accuracy, 6);
  }, 600_000);
});
