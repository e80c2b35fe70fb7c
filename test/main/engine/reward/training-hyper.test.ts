// The one merge of training options: engine defaults < preset < what the user set; unset options never erase.
import { describe, expect, it } from 'vitest';
import { pickUserHyper, presetHyper, presetInfos, trainingHyper, USER_HYPER_KEYS } from '../../../../src-main/engine/reward/presets';
import { TrainOptions } from '../../../../src-main/shared/dto';
import { TrainJobParams } from '../../../../src-main/shared/job-params';
import { DEFAULT_HYPER } from '../../../../src-main/engine/train/types';
import { PARAMS } from '../../../../src-main/shared/params';

describe('trainingHyper', () => {
  it('takes the preset over the engine defaults and the user over the preset, ignoring undefined', () => {
    const tiny = presetHyper('tiny');
    expect(tiny.learningRate).not.toBe(DEFAULT_HYPER.learningRate);
    expect(tiny.weightDecay).toBe(PARAMS.weightDecay.default);
    const h = trainingHyper('tiny', { learningRate: 1e-4, epochs: undefined, centering: 0.5 });
    expect(h).toEqual({ ...tiny, learningRate: 1e-4, centering: 0.5 });
    expect(h.epochs).toBe(tiny.epochs);
  });

  it('is what train.presets reports as each preset default', () => {
    for (const info of presetInfos()) {
      // `combined` reports its transformer half's defaults; `ngram` has no gradient steps to configure.
      if (info.name === 'ngram') continue;
      const h = presetHyper(info.name === 'combined' ? 'tiny' : info.name);
      expect(info.defaults).toEqual({
        epochs: h.epochs,
        learningRate: h.learningRate,
        batchSize: h.batchSize,
      });
    }
  });

  it('every option the contract and the engine share reaches the merge, so a new one needs no job edit', () => {
    // checkpointEvery is how the job runs, not how the model trains: train-model.ts sets it beside the merge.
    const shared = Object.keys(TrainOptions.shape).filter((k) => k in DEFAULT_HYPER && k !== 'checkpointEvery').sort();
    expect([...USER_HYPER_KEYS].sort()).toEqual(shared);
    const p = TrainJobParams.parse({ modelId: 1, modelDir: '/m/1', learningRate: 3e-4, weightDecay: 0.05 });
    const picked = pickUserHyper(p);
    expect(picked).toMatchObject({ learningRate: 3e-4, weightDecay: 0.05 });
    expect(Object.keys(picked).every((k) => (USER_HYPER_KEYS as readonly string[]).includes(k))).toBe(true);
    expect(trainingHyper('tiny', picked).weightDecay).toBe(0.05);
  });
});
