// Bounds and defaults live once (shared/params.ts): the contract, the CLI parser and its help agree on every value.
import { AttackOptions } from '../../../src-main/shared/robustness-dto';
import { DiscoverOptions } from '../../../src-main/shared/discovery-dto';
import { describe, expect, it } from 'vitest';
import { CvOptions, ImportOptions, TrainOptions } from '../../../src-main/shared/dto';
import { MarsOptions } from '../../../src-main/shared/mars-dto';
import { ReformOptions } from '../../../src-main/shared/reform-dto';
import { checkParam, numberSchema, PARAMS, type NumberParam } from '../../../src-main/shared/params';
import { param } from '../../../src-main/transports/cli/arg-values';
import { commandHelp } from '../../../src-main/transports/cli/help';

/** Values around each bound: the bound itself, just past it, and a fraction for whole-number parameters. */
function probes(p: NumberParam): number[] {
  const eps = p.int ? 1 : Math.max(1e-9, Math.abs(p.max) * 1e-9);
  return [p.min, p.min - eps, p.min + eps, p.max, p.max + eps, (p.min + p.max) / 2 + (p.int ? 0.5 : 0)];
}

describe('PARAMS', () => {
  it.each(Object.entries(PARAMS))('%s: the CLI accepts exactly what the contract accepts', (name, p) => {
    for (const v of probes(p)) {
      const contract = numberSchema(p).safeParse(v).success;
      let cli: boolean;
      try {
        cli = param(name, p, String(v)) === v;
      } catch {
        cli = false;
      }
      expect({ v, cli }).toEqual({ v, cli: contract });
      expect(checkParam(p, v) === null).toBe(contract);
    }
  });

  it('closes the gaps the copies had: a tiny learning rate is fine everywhere, a seed past int32 nowhere', () => {
    expect(param('lr', PARAMS.learningRate, '1e-8')).toBe(1e-8);
    expect(TrainOptions.safeParse({ learningRate: 1e-8 }).success).toBe(true);
    expect(() => param('lr', PARAMS.learningRate, '0')).toThrow(
      '--lr "0" is not a number above 0, at most 1',
    );
    expect(TrainOptions.safeParse({ seed: 2 ** 31 }).success).toBe(false);
    expect(() => param('seed', PARAMS.seed, String(2 ** 31))).toThrow('whole number');
    // The import's split seed: the CLI used to refuse negative seeds the contract took, and take seeds past int32.
    expect(ImportOptions.shape.splitSeed.safeParse(-3).success).toBe(true);
    expect(param('split-seed', PARAMS.seed, '-3')).toBe(-3);
    expect(CvOptions.parse({})).toMatchObject({ folds: PARAMS.folds.default, seed: PARAMS.seed.default });
    expect(commandHelp('import')).toContain(`a number from 0 to 0.5 (default: ${PARAMS.validationShare.default})`);
  });

  it('the contract fills in the declared defaults, and the help prints them', () => {
    const mars = MarsOptions.parse({});
    expect(mars).toMatchObject({
      rounds: PARAMS.rounds.default,
      selectShare: PARAMS.selectShare.default,
      alpha: PARAMS.alpha.default,
      tau: PARAMS.tau.default,
      perText: PARAMS.perText.default,
      seed: PARAMS.seed.default,
    });
    const help = commandHelp('mars');
    expect(help).toMatch(new RegExp(`--select S +share of .*\\(default: ${PARAMS.selectShare.default}\\)`));
    expect(help).toMatch(new RegExp(`--rounds T +refinement rounds \\(default: ${PARAMS.rounds.default}\\)`));
    expect(commandHelp('demo')).toContain(`(default: ${PARAMS.demoPairs.default})`);
    expect(commandHelp('train')).toContain(
      "peak learning rate, a number above 0, at most 1 (default: the preset's)",
    );
  });

  it('discovery, the robustness attack and REFORM: the contracts fill in the declared defaults, and both helps print the same ones', () => {
    expect(DiscoverOptions.parse({})).toMatchObject({
      prompts: PARAMS.attackPrompts.default,
      samples: PARAMS.decodeSamples.default,
      k: PARAMS.decodeK.default,
      temperature: PARAMS.decodeTemperature.default,
      maxNewTokens: PARAMS.maxNewTokens.default,
      seed: PARAMS.seed.default,
    });
    for (const [flag, p] of [
      ['prompts', PARAMS.attackPrompts],
      ['samples', PARAMS.decodeSamples],
      ['k', PARAMS.decodeK],
      ['temperature', PARAMS.decodeTemperature],
      ['max-tokens', PARAMS.maxNewTokens],
      ['seed', PARAMS.seed],
    ] as const) {
      expect(commandHelp('discover')).toMatch(new RegExp(`--${flag} \\S+ +.*\\(default: ${p.default}\\)`));
    }
    expect(AttackOptions.parse({})).toMatchObject({
      prompts: PARAMS.robustAttackPrompts.default,
      samples: PARAMS.robustAttackSamples.default,
      maxNewTokens: PARAMS.robustAttackTokens.default,
      k: PARAMS.decodeK.default,
      temperature: PARAMS.decodeTemperature.default,
      seed: PARAMS.seed.default,
    });
    for (const [flag, p] of [
      ['attack-prompts', PARAMS.robustAttackPrompts],
      ['attack-samples', PARAMS.robustAttackSamples],
      ['attack-tokens', PARAMS.robustAttackTokens],
      ['attack-temperature', PARAMS.decodeTemperature],
    ] as const) {
      expect(commandHelp('robustness')).toMatch(new RegExp(`--${flag} \\S+ +.*\\(default: ${p.default}\\)`));
    }
    expect(ReformOptions.parse({})).toMatchObject({
      budget: PARAMS.reformBudget.default,
      prompts: PARAMS.attackPrompts.default,
      samples: PARAMS.decodeSamples.default,
      k: PARAMS.decodeK.default,
      temperature: PARAMS.decodeTemperature.default,
      maxNewTokens: PARAMS.maxNewTokens.default,
    });
    const help = commandHelp('reform');
    for (const [flag, p] of [
      ['budget', PARAMS.reformBudget],
      ['prompts', PARAMS.attackPrompts],
      ['samples', PARAMS.decodeSamples],
      ['k', PARAMS.decodeK],
      ['temperature', PARAMS.decodeTemperature],
      ['max-tokens', PARAMS.maxNewTokens],
    ] as const) {
      expect(help).toMatch(new RegExp(`--${flag} \\S+ +.*\\(default: ${p.default}\\)`));
    }
  });
});
