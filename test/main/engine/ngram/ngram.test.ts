// The n-gram reward model: incremental scoring equals whole scoring, the folder round-trips, and real training
// reaches its accuracy on HH folds and on the demo data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoPairs } from '../../../../src-main/demo/generate';
import { loadNgramModel, saveNgramModel } from '../../../../src-main/engine/ngram/files';
import { DEFAULT_NGRAM_CONFIG } from '../../../../src-main/engine/ngram/model';
import { trainNgram } from '../../../../src-main/engine/ngram/train';
import { loadHH, type TextPair } from '../train/fixtures';

const hh = loadHH();
const dir = mkdtempSync(join(tmpdir(), 'ngram-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function accuracy(model: { scorePair(c: string, r: string): { margin: number } }, pairs: readonly TextPair[]): number {
  return pairs.filter((p) => model.scorePair(p.chosen, p.rejected).margin > 0).length / pairs.length;
}

describe('n-gram reward model', () => {
  const demo = generateDemoPairs({ pairs: 1500, seed: 1 });
  const demoTrain = demo.filter((p) => p.split === 'train');
  const demoHeld = demo.filter((p) => p.split === 'validation');
  const trained = trainNgram(demoTrain, DEFAULT_NGRAM_CONFIG);

  it('learns the demo rule: held-out accuracy ≥ 0.9 and its top features name the rule', () => {
    expect(trained.converged).toBe(true);
    expect(accuracy(trained.model, demoHeld)).toBeGreaterThanOrEqual(0.9);
    expect(trained.model.top.positive.length).toBeGreaterThan(0);
    expect(trained.model.top.negative.length).toBeGreaterThan(0);
  });

  it('scores a response incrementally, chunk by chunk, exactly as whole', () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const p of demoHeld.slice(0, 40)) {
      const state = trained.model.begin(p.prompt);
      let at = 0;
      while (at < p.chosen.length) {
        const next = Math.min(p.chosen.length, at + 1 + Math.floor(rand() * 6));
        const reward = state.extend(p.chosen.slice(at, next));
        at = next;
        expect(reward).toBeCloseTo(trained.model.score(p.chosen.slice(0, at)), 9);
      }
      // A fork continues independently of its parent.
      const fork = state.fork();
      fork.extend(' and more words');
      expect(state.reward).toBeCloseTo(trained.model.score(p.chosen), 9);
      expect(fork.reward).toBeCloseTo(trained.model.score(`${p.chosen} and more words`), 9);
    }
  });

  it('saves and loads its folder with identical scores', () => {
    saveNgramModel(dir, trained.model, 'ngram', { preset: 'ngram' });
    const { model, preset } = loadNgramModel(dir);
    expect(preset).toBe('ngram');
    for (const p of demoHeld.slice(0, 50)) expect(model.score(p.chosen)).toBeCloseTo(trained.model.score(p.chosen), 5);
    expect(model.top).toEqual(trained.model.top);
  });

  it.skipIf(!hh)('5-fold CV on the HH sample beats "shorter wins" and chance', () => {
    const pairs = hh as TextPair[];
    let right = 0;
    for (let f = 0; f < 5; f++) {
      const { model } = trainNgram(pairs.filter((_, i) => i % 5 !== f), DEFAULT_NGRAM_CONFIG);
      right += pairs.filter((p, i) => i % 5 === f && model.scorePair(p.chosen, p.rejected).margin > 0).length;
    }
    const cv = right / pairs.length;
    const shorter = pairs.filter((p) => p.chosen.length < p.rejected.length).length / pairs.length;
    expect(cv).toBeGreaterThan(shorter);
    expect(cv).toBeGreaterThan(0.57);
  }, 120_000);
});
