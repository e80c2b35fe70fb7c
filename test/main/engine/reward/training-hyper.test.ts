// The one merge of training options: engine defaults < preset < what the user set; unset options never erase.
import { describe, expect, it } from 'vitest';
import { presetHyper, presetInfos, trainingHyper } from '../../../../src-main/engine/reward/presets';
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
});
