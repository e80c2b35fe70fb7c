// Colours and axes for uPlot read from the page's CSS variables, so charts follow the light/dark theme.
import type uPlot from 'uplot';

export interface PlotTheme {
  text: string;
  muted: string;
  grid: string;
  accent: string;
  ok: string;
  danger: string;
  surface: string;
}

/** The current values of the theme's variables (canvas cannot resolve `var(--x)` itself). */
export function readTheme(root: Element = document.documentElement): PlotTheme {
  const style = getComputedStyle(root);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', '#1d1d21'),
    muted: v('--muted', '#6b6b75'),
    grid: v('--border', '#dcdce0'),
    accent: v('--accent', '#3659d6'),
    ok: v('--ok', '#1e7f4f'),
    danger: v('--danger', '#b3261e'),
    surface: v('--surface', '#ffffff'),
  };
}

/** An axis with tick values and a label in the theme's colours; `values` formats the ticks. */
export function themedAxis(
  theme: PlotTheme,
  label: string,
  values?: (v: number) => string,
  extra: Partial<uPlot.Axis> = {},
): uPlot.Axis {
  return {
    label,
    stroke: theme.muted,
    labelSize: 18,
    labelFont: '12px system-ui, sans-serif',
    font: '11px system-ui, sans-serif',
    size: 44,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
    ...(values ? { values: (_u: uPlot, ticks: number[]) => ticks.map(values) } : {}),
    ...extra,
  };
}

/**
 * A tooltip that follows the cursor over the plot and shows `text(idx)` for the data point under it; uPlot has
 * none of its own (its legend is a table below the chart, which we turn off).
 */
export function tooltipPlugin(text: (idx: number) => string): uPlot.Plugin {
  let tip: HTMLDivElement | null = null;
  return {
    hooks: {
      init: (u) => {
        tip = document.createElement('div');
        tip.className = 'plot-tooltip';
        tip.dataset.testid = 'chart-tooltip';
        tip.hidden = true;
        u.over.appendChild(tip);
      },
      setCursor: (u) => {
        if (tip === null) return;
        const { idx, left, top } = u.cursor;
        if (idx === null || idx === undefined || left === undefined || left < 0 || top === undefined) {
          tip.hidden = true;
          return;
        }
        tip.hidden = false;
        tip.textContent = text(idx);
        // Keep the box inside the plot: flip to the cursor's left on the right half.
        const flip = left > u.over.clientWidth / 2;
        tip.style.left = flip ? '' : `${left + 10}px`;
        tip.style.right = flip ? `${u.over.clientWidth - left + 10}px` : '';
        tip.style.top = `${Math.max(0, top - 10)}px`;
      },
    },
  };
}
