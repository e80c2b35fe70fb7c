// REFORM's mixing rule on fixed numbers, computed by hand, and the draw that follows it.
import { describe, expect, it } from 'vitest';
import { drawIndex, guidanceSign, guidedWeights, sampleWeights, softmax } from '../../../../src-main/engine/decode/mixing';

describe('guidedWeights', () => {
  const probs = [0.5, 0.2, 0.15, 0.1, 0.05];
  const rewards = [1.0, -0.5, 2.0, 0.0, -1.5];
  const T = 0.6;

  function byHand(sign: number): number[] {
    const ea = probs.map((p) => Math.exp(p / T));
    const sa = ea.reduce((x, y) => x + y, 0);
    const eb = rewards.map((r) => Math.exp((sign * r) / T));
    const sb = eb.reduce((x, y) => x + y, 0);
    const mixed = ea.map((v, i) => Math.exp((v / sa + (eb[i] as number) / sb) / T));
    const sm = mixed.reduce((x, y) => x + y, 0);
    return mixed.map((v) => v / sm);
  }

  it('matches softmax((softmax(p/T) + softmax(s·r/T)) / T) for both signs', () => {
    for (const sign of [1, -1] as const) {
      const w = guidedWeights(probs, rewards, sign, T);
      byHand(sign).forEach((v, i) => expect(w[i]).toBeCloseTo(v, 12));
    }
  });

  it('gives these numbers (s = +1 favours the highest reward, s = −1 the lowest)', () => {
    const up = guidedWeights(probs, rewards, 1, T);
    const down = guidedWeights(probs, rewards, -1, T);
    expect(up.map((v) => +v.toFixed(4))).toEqual([0.1919, 0.1235, 0.4507, 0.1208, 0.1131]);
    expect(down.map((v) => +v.toFixed(4))).toEqual([0.1578, 0.1603, 0.1229, 0.1329, 0.4261]);
    expect(up.indexOf(Math.max(...up))).toBe(2);
    expect(down.indexOf(Math.max(...down))).toBe(4);
  });

  it('sums to one and rejects mismatched lengths', () => {
    expect(guidedWeights(probs, rewards, 1, T).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(() => guidedWeights(probs, rewards.slice(1), 1, T)).toThrow(RangeError);
  });
});

describe('the rest of the rule', () => {
  it('maps roles to signs', () => {
    expect(guidanceSign('aligned')).toBe(-1);
    expect(guidanceSign('misaligned')).toBe(1);
  });

  it('samples top-k as p^(1/T) renormalised', () => {
    const w = sampleWeights([0.6, 0.3, 0.1], 0.5);
    const z = 0.36 + 0.09 + 0.01;
    [0.36 / z, 0.09 / z, 0.01 / z].forEach((v, i) => expect(w[i]).toBeCloseTo(v, 12));
  });

  it('softmax is stable for large inputs', () => {
    expect(softmax([1000, 1000])).toEqual([0.5, 0.5]);
  });

  it('draws by cumulative weight', () => {
    const w = [0.2, 0.5, 0.3];
    expect(drawIndex(w, 0)).toBe(0);
    expect(drawIndex(w, 0.19)).toBe(0);
    expect(drawIndex(w, 0.2)).toBe(1);
    expect(drawIndex(w, 0.69)).toBe(1);
    expect(drawIndex(w, 0.71)).toBe(2);
    expect(drawIndex(w, 0.9999999)).toBe(2);
  });
});
