// Job progress: no ETA while the first batches run, then the time left at the average rate, not at one batch's;
// the last update a job reported is the one that stays, even when the throttle held it back.
import { describe, expect, it } from 'vitest';
import { createJobContext, ETA_AFTER_MS, RateMeter } from '../../../src-main/jobs/context';
import type { JobToHost } from '../../../src-main/jobs/protocol';
import { tmpProject } from '../store/fixtures';

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

describe('job context progress', () => {
  it('flush() sends the update the throttle held back, so a finished job ends on its last count', () => {
    const t = tmpProject();
    try {
      t.project.jobs.create({ id: 'job-1', kind: 'export', params: {} });
      const sent: JobToHost[] = [];
      const ctx = createJobContext({
        db: t.project,
        jobId: 'job-1',
        params: {},
        signal: new AbortController().signal,
        send: (m) => sent.push(m),
        intervalMs: 60_000,
      });
      ctx.progress({ done: 0, total: 7200, unit: 'pairs', message: 'scoring' }, true);
      ctx.progress({ done: 7168, total: 7200, unit: 'pairs', message: 'scoring' });
      ctx.progress({ done: 7200, total: 7200, unit: 'pairs', message: 'scored 7200' });
      expect(t.project.jobs.get('job-1')?.progress.done).toBe(0);
      ctx.flush();
      expect(t.project.jobs.get('job-1')?.progress).toMatchObject({
        done: 7200,
        total: 7200,
        message: 'scored 7200',
      });
      expect(sent.filter((m) => m.type === 'progress')).toHaveLength(2);
      ctx.flush();
      expect(sent.filter((m) => m.type === 'progress')).toHaveLength(2);
    } finally {
      t.cleanup();
    }
  });
});
