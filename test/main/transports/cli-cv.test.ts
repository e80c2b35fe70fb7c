// `prefstudio cv` flags and report, and the shorter-wins lines `train` prints: parsed and formatted as a person reads them.
import { describe, expect, it } from 'vitest';
import { formatCv, parseCvFlags } from '../../../src-main/transports/cli/cv-command';
import { CliUsageError } from '../../../src-main/transports/cli/errors';
import { formatBaseline } from '../../../src-main/transports/cli/model-commands';

describe('cv command', () => {
  it('parses presets and folds, and refuses unknown presets', () => {
    expect(parseCvFlags({ preset: 'ngram,tiny', folds: '5' }, false, 'p').options).toEqual({ presets: ['ngram', 'tiny'], folds: 5 });
    expect(() => parseCvFlags({ preset: 'ngram,huge' }, false, 'p')).toThrow(CliUsageError);
    expect(() => parseCvFlags({ folds: '1' }, false, 'p')).toThrow(CliUsageError);
  });

  it('prints accuracy ± SE per preset beside shorter-wins, and warns for a preset within noise of it', () => {
    const text = formatCv({
      pairs: 1200,
      folds: 5,
      shorterWins: { accuracy: 0.557, se: 0.0143 },
      results: [
        { preset: 'combined', accuracy: 0.65, se: 0.0138, foldAccuracies: [0.6, 0.7, 0.65, 0.65, 0.65], seconds: 280 },
        { preset: 'tiny', accuracy: 0.569, se: 0.0143, foldAccuracies: [0.6, 0.567, 0.55, 0.567, 0.563], seconds: 176 },
      ],
    });
    expect(text).toContain('5-fold cross-validation on 1200 pairs');
    expect(text).toMatch(/combined\s+65\.0% ± 1\.4/);
    expect(text).toMatch(/shorter wins\s+55\.7% ± 1\.4/);
    expect(text).toContain('warning: tiny is within noise');
    expect(text).not.toContain('warning: combined');
  });

  it('train prints the shorter-wins comparison, with a warning only when within noise', () => {
    const b = { pairs: 120, shorterWins: 0.55, shorterWinsSe: 0.045, difference: 0.03, differenceSe: 0.05, withinNoise: true };
    expect(formatBaseline(b)).toContain('model − shorter 3.0 ± 5.0 points');
    expect(formatBaseline(b)).toContain('warning: this model is within noise');
    expect(formatBaseline({ ...b, difference: 0.3, withinNoise: false })).not.toContain('warning');
    expect(formatBaseline(null)).toBe('');
  });
});
