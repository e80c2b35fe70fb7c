// Job progress on stderr: a pure line renderer, and a reporter that redraws in place on a TTY or logs lines.
import type { Job, JobProgress } from '../../shared/dto';

export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `0:07`, `12:34`, `1:02:03`; `--:--` when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export function formatRate(rate: number | null, unit: string): string | null {
  if (rate === null || !Number.isFinite(rate)) return null;
  const value = rate < 10 ? rate.toFixed(1) : count.format(rate);
  return `${value} ${unit}/s`;
}

/** Bar cells: 20 when the line has room, down to 8 on a narrow terminal so the numbers stay visible. */
const BAR_CELLS = [20, 12, 8] as const;

/**
 * One progress line, e.g. `[██████░░░░]  60%  600/1,000 pairs  250 pairs/s  ETA 0:02  parsing`.
 * `bar` is for terminals; the line never exceeds `width` (a redraw that wraps leaves a trail of lines): the message
 * is cut, and the bar shrinks when even the numbers alone would not fit.
 */
export function renderProgress(p: JobProgress, opts: { bar: boolean; width: number }): string {
  const fraction = p.total !== null && p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : null;
  const numbers: string[] = [];
  if (fraction !== null)
    numbers.push(`${count.format(p.done)}/${count.format(p.total ?? 0)} ${p.unit}`.trimEnd());
  else numbers.push(`${count.format(p.done)} ${p.unit}`.trimEnd());
  const rate = formatRate(p.rate, p.unit);
  if (rate !== null) numbers.push(rate);
  if (fraction !== null && fraction < 1) numbers.push(`ETA ${formatDuration(p.etaSeconds)}`);
  const head = (cells: number) => {
    if (fraction === null) return [];
    // The percent is padded to three digits so the columns after it stay put while it grows.
    const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
    const filled = Math.floor(fraction * cells);
    return [opts.bar ? `[${'█'.repeat(filled)}${'░'.repeat(cells - filled)}] ${percent}` : percent];
  };
  const core = (cells: number) => [...head(cells), ...numbers].join('  ');
  // The widest bar whose numbers fit; the message takes what room is left.
  const cells = BAR_CELLS.find((c) => core(c).length <= opts.width) ?? 8;
  const numbersOnly = core(cells);
  const cut = (text: string, room: number) =>
    text.length > room ? `${text.slice(0, Math.max(0, room - 1))}…` : text;
  // The message only gets the room the numbers leave; it never pushes them out.
  const room = opts.width - numbersOnly.length - 2;
  if (p.message === '' || room < 2) return cut(numbersOnly, opts.width);
  return `${numbersOnly}  ${cut(p.message, room)}`;
}

export type ProgressMode = 'tty' | 'lines' | 'off';

/**
 * Shows a job's progress while the CLI waits on it. On a terminal the line is redrawn in place (`\r` plus
 * erase-to-end) at most ten times a second; in logs and pipes one line every `lineEveryMs` keeps CI output short.
 */
export class ProgressReporter {
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly sink: TextSink,
    private readonly mode: ProgressMode,
    private readonly label: string,
    private readonly now: () => number = Date.now,
    private readonly lineEveryMs = 5000,
  ) {}

  update(job: Job): void {
    // A queued job has no progress to show yet; its first line would read a bare `0`.
    if (this.mode === 'off' || job.state === 'queued') return;
    const t = this.now();
    if (this.mode === 'tty') {
      if (t - this.lastDraw < 100) return;
      // Some pseudo-terminals report 0 columns; assume a classic 80 then.
      const columns = this.sink.columns !== undefined && this.sink.columns > 20 ? this.sink.columns : 80;
      const width = columns - this.label.length - 3;
      this.sink.write(`\r${this.label}: ${renderProgress(job.progress, { bar: true, width })}\x1b[K`);
      this.drawn = true;
    } else {
      if (t - this.lastDraw < this.lineEveryMs) return;
      this.sink.write(`${this.label}: ${renderProgress(job.progress, { bar: false, width: 200 })}\n`);
    }
    this.lastDraw = t;
  }

  /** In logs a job's last line would otherwise be its first one (a fast export stayed at 0%): print where it ended. */
  ended(job: Job): void {
    if (this.mode === 'lines' && this.lastDraw !== Number.NEGATIVE_INFINITY && job.state === 'done') {
      this.sink.write(`${this.label}: ${renderProgress(job.progress, { bar: false, width: 200 })}\n`);
    }
  }

  /** Clears the redrawn line so the final report starts on a clean one. */
  finish(): void {
    if (this.mode === 'tty' && this.drawn) this.sink.write('\r\x1b[K');
    this.drawn = false;
  }
}
