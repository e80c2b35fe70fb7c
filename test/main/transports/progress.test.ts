// The CLI progress line (pure) and the reporter's TTY redraw versus periodic log lines.
import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../src-main/shared/dto';
import { formatDuration, ProgressReporter, renderProgress } from '../../../src-main/transports/cli/progress';
import { fakeJob } from './fake-api';

const progress = (over: Partial<JobProgress> = {}): JobProgress => ({
  done: 600,
  total: 1000,
  unit: 'pairs',
  message: 'parsing',
  rate: 250,
  etaSeconds: 1.6,
  ...over,
});

describe('renderProgress', () => {
  it('shows bar, percent, counts, rate, ETA and message', () => {
    expect(renderProgress(progress(), { bar: true, width: 120 })).toBe(
      '[████████████░░░░░░░░]  60%  600/1,000 pairs  250 pairs/s  ETA 0:02  parsing',
    );
    expect(renderProgress(progress(), { bar: false, width: 120 })).toBe(
      ' 60%  600/1,000 pairs  250 pairs/s  ETA 0:02  parsing',
    );
  });

  it('copes with unknown totals, slow rates, completion and overshoot', () => {
    expect(renderProgress(progress({ total: null, rate: 2.25, message: '' }), { bar: true, width: 80 })).toBe(
      '600 pairs  2.3 pairs/s',
    );
    expect(renderProgress(progress({ done: 1000, rate: null, message: '' }), { bar: true, width: 80 })).toBe(
      '[████████████████████] 100%  1,000/1,000 pairs',
    );
    expect(renderProgress(progress({ done: 1500, message: '' }), { bar: false, width: 80 })).toBe(
      '100%  1,500/1,000 pairs  250 pairs/s',
    );
  });

  it('leaves out an empty unit', () => {
    expect(
      renderProgress(progress({ done: 0, total: null, unit: '', rate: null, message: '' }), {
        bar: false,
        width: 80,
      }),
    ).toBe('0');
  });

  it('truncates to the terminal width so a redraw never wraps', () => {
    const line = renderProgress(progress({ message: 'x'.repeat(200) }), { bar: true, width: 80 });
    expect(line).toHaveLength(80);
    expect(line.endsWith('x…')).toBe(true);
    // No room for the message: the numbers stay whole, the message goes.
    const narrow = renderProgress(progress({ message: 'x'.repeat(200) }), { bar: true, width: 60 });
    expect(narrow.length).toBeLessThanOrEqual(60);
    expect(narrow.endsWith('ETA 0:02')).toBe(true);
  });

  it('formats durations as m:ss and h:mm:ss', () => {
    expect(formatDuration(7)).toBe('0:07');
    expect(formatDuration(754)).toBe('12:34');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(null)).toBe('--:--');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('--:--');
  });
});

describe('ProgressReporter', () => {
  function recorder() {
    const writes: string[] = [];
    return { writes, sink: { columns: 100, write: (s: string) => writes.push(s) } };
  }

  it('redraws in place on a terminal, at most ten times a second, and clears the line at the end', () => {
    const { writes, sink } = recorder();
    let now = 0;
    const reporter = new ProgressReporter(sink, 'tty', 'import', () => now);
    reporter.update(fakeJob({ progress: progress({ done: 100 }) }));
    now = 50;
    reporter.update(fakeJob({ progress: progress({ done: 200 }) }));
    now = 150;
    reporter.update(fakeJob({ progress: progress({ done: 300 }) }));
    reporter.finish();
    expect(writes).toHaveLength(3);
    expect(writes[0]?.startsWith('\rimport: [██░░░░░░░░░░░░░░░░░░]  10%  100/1,000 pairs')).toBe(true);
    expect(writes[0]?.endsWith('\x1b[K')).toBe(true);
    expect(writes[1]).toContain(' 30%');
    expect(writes[2]).toBe('\r\x1b[K');
  });

  it('assumes 80 columns when a pseudo-terminal reports none', () => {
    const writes: string[] = [];
    const reporter = new ProgressReporter(
      { columns: 0, write: (s: string) => writes.push(s) },
      'tty',
      'demo',
      () => 0,
    );
    reporter.update(fakeJob({ progress: progress({ message: 'x'.repeat(200) }) }));
    expect(writes[0]).toMatch(/^\rdemo: \[█+░+\] {2}60% {2}600\/1,000 pairs/);
    expect(writes[0]).toHaveLength('\rdemo: '.length + 80 - 'demo'.length - 3 + '\x1b[K'.length);
  });

  it('keeps the numbers and ETA on a narrow terminal: the message is cut, then the bar shrinks', () => {
    // At 64 columns the numbers need the narrowest bar; the message is gone.
    for (const columns of [80, 64]) {
      const writes: string[] = [];
      const label = 'mars';
      const reporter = new ProgressReporter({ columns, write: (s: string) => writes.push(s) }, 'tty', label, () => 0);
      reporter.update(fakeJob({ progress: progress({ done: 6000, total: 7200, message: 'round 2 of 3: training' }) }));
      const visible = (writes[0] ?? '').replace('\r', '').replace('\x1b[K', '');
      expect(visible.length).toBeLessThan(columns);
      expect(visible).toContain('6,000/7,200 pairs');
      expect(visible).toContain('ETA 0:02');
      expect(visible).toMatch(/\[█+░+\] {2}83%/);
    }
  });

  it('writes a plain line every few seconds to a log', () => {
    const { writes, sink } = recorder();
    let now = 0;
    const reporter = new ProgressReporter(sink, 'lines', 'export', () => now, 5000);
    for (now = 0; now <= 12_000; now += 1000)
      reporter.update(fakeJob({ progress: progress({ done: now / 20 }) }));
    reporter.finish();
    expect(writes).toEqual([
      'export:   0%  0/1,000 pairs  250 pairs/s  ETA 0:02  parsing\n',
      'export:  25%  250/1,000 pairs  250 pairs/s  ETA 0:02  parsing\n',
      'export:  50%  500/1,000 pairs  250 pairs/s  ETA 0:02  parsing\n',
    ]);
  });

  it('stays silent when off (--json)', () => {
    const { writes, sink } = recorder();
    const reporter = new ProgressReporter(sink, 'off', 'demo', () => 0);
    reporter.update(fakeJob());
    reporter.finish();
    expect(writes).toEqual([]);
  });
});
