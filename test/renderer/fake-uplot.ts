// A stand-in for uPlot in happy-dom (which has no canvas): records each chart's options and data, runs its
// plugins' init and setCursor hooks so tests can read the axes and the tooltip a chart would show.
import type uPlot from 'uplot';

export const plots: FakePlot[] = [];

export default class FakePlot {
  static paths = { bars: () => () => null, stepped: () => () => null };
  over: HTMLDivElement;
  cursor: { idx: number | null; left: number; top: number } = { idx: null, left: -10, top: -10 };
  root: HTMLDivElement;
  destroyed = false;

  constructor(
    public opts: uPlot.Options,
    public data: uPlot.AlignedData,
    target: HTMLElement,
  ) {
    this.root = document.createElement('div');
    this.root.className = 'uplot';
    this.over = document.createElement('div');
    this.over.className = 'u-over';
    this.root.appendChild(this.over);
    target.appendChild(this.root);
    this.run('init');
    plots.push(this);
  }

  private run(hook: 'init' | 'setCursor') {
    for (const p of this.opts.plugins ?? []) {
      const fn = p.hooks[hook];
      for (const f of Array.isArray(fn) ? fn : fn ? [fn] : []) (f as (u: unknown) => void)(this);
    }
  }

  /** Moves the cursor onto data point `idx`, as a mouse over the plot would. */
  hover(idx: number): string {
    this.cursor = { idx, left: 20, top: 20 };
    this.run('setCursor');
    return this.over.querySelector('[data-testid="chart-tooltip"]')?.textContent ?? '';
  }

  /** The axis labels, in order. */
  axisLabels(): string[] {
    return (this.opts.axes ?? []).map((a) => String(a.label ?? ''));
  }

  /** The y column of a series by its label. */
  column(label: string): (number | null | undefined)[] {
    const i = (this.opts.series ?? []).findIndex((s) => s.label === label);
    return i < 0 ? [] : [...((this.data[i] ?? []) as (number | null | undefined)[])];
  }

  setData(data: uPlot.AlignedData) {
    this.data = data;
  }
  setSize() {}
  destroy() {
    this.destroyed = true;
    this.root.remove();
  }
}

/** The live charts under `el` (newest first wins when a chart was rebuilt). */
export function plotsIn(el: Element): FakePlot[] {
  return plots.filter((p) => !p.destroyed && el.contains(p.root));
}
