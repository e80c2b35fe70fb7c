// Job runners parse their stored params: defaults applied, and a row that does not fit its kind fails plainly.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PRESET } from '../../../src-main/shared/dto';
import { ErrorCode, StudioError } from '../../../src-main/shared/errors';
import { ImportJobParams, jobParams, parseJobParams, TrainJobParams } from '../../../src-main/shared/job-params';
import { PARAMS } from '../../../src-main/shared/params';

describe('parseJobParams', () => {
  it('fills the train defaults the contract declares', () => {
    expect(DEFAULT_MODEL_PRESET).toBe('combined');
    const p = parseJobParams(TrainJobParams, 'train', { modelId: 3, modelDir: '/a/models/3' });
    expect(p).toMatchObject({
      modelId: 3,
      preset: DEFAULT_MODEL_PRESET,
      seed: PARAMS.seed.default,
      centering: PARAMS.centering.default,
      useMargins: false,
    });
  });

  it('refuses params of the wrong shape with a StudioError naming the field', () => {
    const bad = { path: '/x.jsonl', format: 'xml', pkuPreference: 'better', split: 'train', datasetId: 1 };
    let caught: unknown;
    try {
      parseJobParams(ImportJobParams, 'import', bad);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StudioError);
    expect((caught as StudioError).code).toBe(ErrorCode.Internal);
    expect((caught as StudioError).message).toMatch(/^the import job's params do not fit its kind: format: /);
  });

  it('every kind has a schema: defaults filled, the two kinds of score told apart, a row without its run refused', () => {
    expect(jobParams('demo', {})).toEqual({ pairs: PARAMS.demoPairs.default, seed: PARAMS.demoSeed.default, labelNoise: PARAMS.labelNoise.default });
    expect('file' in jobParams('score', { modelId: 2, file: '/s.jsonl' })).toBe(true);
    expect('modelDir' in jobParams('score', { modelId: 2, modelDir: '/m/2' })).toBe(true);
    expect(jobParams('cv', {})).toMatchObject({ folds: 5, seed: 1 });
    expect(() => jobParams('mars', {})).toThrow(/^the mars job's params do not fit its kind: runId: /);
    // A run of external scores only has no weights-backed models; the list itself must be there.
    expect(jobParams('robustness', { seed: 1, models: [] })).toMatchObject({ attack: false, externals: [] });
    expect(() => jobParams('robustness', { seed: 1 })).toThrow(/robustness job's params do not fit its kind: models: /);
    expect(jobParams('reform', { runId: 3 }).reviewedRound).toBeUndefined();
    expect(() => jobParams('policy-train', { role: 'aligned' })).toThrow(/policy-train job's params do not fit its kind: /);
  });
});
