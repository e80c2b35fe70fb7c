// The job ETA: none while the first batches run, then the time left at the average rate, not at one batch's.
import { describe, expect, it } from 'vitest';
import { ETA_AFTER_MS, RateMeter } from '../../../src-main/jobs/context';

describe('RateMeter', () => {
  it('gives no ETA before ETA_AFTER_MS, then one close to the truth despite a slow first batch', () => {
    let t = 0;
    const meter = new RateMeter(() => t);
    meter.update(0, 1000);
    // The first batch takes 2 s (warm-up); every later one 10 items per 100 ms, i.e. 100 items/s.
    t = 2000;
    expect(meter.update(10, 1000).etaSeconds).toBeNull();
    let done = 10;
    while (t < 10_000) {
      t += 100;
      done += 10;
      const { etaSeconds } = meter.update(done, 1000);
      if (t < ETA_AFTER_MS) expect(etaSeconds).toBeNull();
    }
    // At 10 s: 810 done, 190 left at 100/s = 1.9 s; the average (81/s, the warm-up counted) says 2.3 s.
    const { etaSeconds, rate } = meter.update(done, 1000);
    expect(done).toBe(810);
    expect(etaSeconds).toBeGreaterThan(1.9);
    expect(etaSeconds).toBeLessThan(3);
    expect(rate).toBeCloseTo(100, 0);
  });

  it('never promises a job done in no time when the first two updates come a millisecond apart', () => {
    let t = 0;
    const meter = new RateMeter(() => t);
    meter.update(0, 100_000);
    t = 1;
    expect(meter.update(500, 100_000).etaSeconds).toBeNull();
  });

  it('has no ETA without a total', () => {
    let t = 0;
    const meter = new RateMeter(() => t);
    meter.update(0, null);
    t = 5000;
    expect(meter.update(100, null).etaSeconds).toBeNull();
  });
});
