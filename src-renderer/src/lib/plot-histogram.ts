// uPlot options and data for margin histograms: bars (or step outlines, to overlay two) over the fitted range, counts on y.
import uPlot from 'uplot';
import type { PlotOptions } from '../components/charts/UPlotChart.vue';
import { formatCount } from './format';
import { formatMargin } from './metrics-format';
import { binsOf, binsWithin, fittedRange, type Bins, type Histogram } from './plot-data';
import { themedAxis, tooltipPlugin, type PlotTheme } from './plot-theme';

export interface HistogramPlot {
  bins: Bins;
  data: uPlot.AlignedData;
  options: (theme: PlotTheme) => PlotOptions;
}

interface CountSeries {
  label: string;
  color: keyof PlotTheme;
  counts: (number | null)[];
  alpha: number;
}

function countOptions(
  range: [number, number],
  series: CountSeries[],
  paths: uPlot.Series.PathBuilder | undefined,
  tooltip: (idx: number) => string,
): (theme: PlotTheme) => PlotOptions {
  return (theme) => ({
    scales: {
      x: { time: false, range: [range[0], range[1]] },
      y: { range: (_u, _lo, hi) => [0, Math.max(1, hi * 1.1)] },
    },
    axes: [
      themedAxis(theme, 'margin r(chosen) − r(rejected)', formatMargin),
      themedAxis(theme, 'pairs', (v) => (Number.isInteger(v) ? formatCount(v) : '')),
    ],
    series: [
      { label: 'margin' },
      ...series.map((s): uPlot.Series => ({
        label: s.label,
        stroke: theme[s.color],
        fill: theme[s.color],
        alpha: s.alpha,
        paths,
        points: { show: false },
      })),
    ],
    // Bins have no sensible zoom; the cursor only feeds the tooltip.
    cursor: { drag: { x: false, y: false } },
    plugins: [tooltipPlugin(tooltip)],
  });
}

/** One histogram as bars, trimmed to the bins that hold data: red below zero (the model ranks against the label). */
export function histogramPlot(histogram: Histogram): HistogramPlot {
  const range = fittedRange([histogram]) ?? [histogram.min, histogram.max];
  const bins = binsWithin(histogram, range);
  const centers = bins.lower.map((lo, i) => (lo + (bins.upper[i] as number)) / 2);
  const below = (i: number) => (centers[i] as number) < 0;
  const series: CountSeries[] = [
    { label: 'below 0', color: 'danger', counts: bins.counts.map((c, i) => (below(i) ? c : null)), alpha: 1 },
    {
      label: 'at or above 0',
      color: 'ok',
      counts: bins.counts.map((c, i) => (below(i) ? null : c)),
      alpha: 1,
    },
  ];
  const tooltip = (idx: number) =>
    `${formatMargin(bins.lower[idx] as number)} … ${formatMargin(bins.upper[idx] as number)}\n` +
    `${formatCount(bins.counts[idx] as number)} pairs`;
  return {
    bins,
    data: [centers, ...series.map((s) => s.counts)],
    options: countOptions(range, series, uPlot.paths.bars?.({ size: [1, Infinity], gap: 1 }), tooltip),
  };
}

export interface OverlayInput {
  label: string;
  histogram: Histogram;
  color: keyof PlotTheme;
}

/**
 * Histograms whose bins may differ (margins spread out between rounds) drawn as filled step outlines on one x
 * axis: x is the union of their bin edges, each series holds the count of its bin starting at that edge.
 */
export function overlayPlot(inputs: OverlayInput[]): HistogramPlot & { countsOf: number[][] } {
  const range = fittedRange(inputs.map((i) => i.histogram)) ?? [-1, 1];
  const perInput = inputs.map((i) => binsWithin(i.histogram, range));
  const edges = [...new Set(perInput.flatMap((b) => [...b.lower, ...b.upper]))].sort((a, b) => a - b);
  const countAt = (b: Bins, x: number, last: boolean) => {
    const i = b.lower.findIndex(
      (lo, k) => lo <= x && (x < (b.upper[k] as number) || (last && x === b.upper[k])),
    );
    return i < 0 ? null : (b.counts[i] as number);
  };
  // Outside a histogram's stored range its margins are only counted (below/above): drawn as 0 so the outline
  // closes, shown as "—" in the tooltip.
  const inside = inputs.map((input) => edges.map((x) => x >= input.histogram.min && x < input.histogram.max));
  const series: CountSeries[] = inputs.map((input, k) => ({
    label: input.label,
    color: input.color,
    // The last edge repeats its bin's count, so the outline closes on the right.
    counts: edges.map((x, i) => countAt(perInput[k] as Bins, x, i === edges.length - 1) ?? 0),
    alpha: 0.45,
  }));
  const tooltip = (idx: number) => {
    const lo = edges[idx] as number;
    const hi = edges[idx + 1];
    const rows = series.map(
      (s, k) => `${s.label}: ${inside[k]?.[idx] ? formatCount(s.counts[idx] as number) : '—'}`,
    );
    return [`${formatMargin(lo)} … ${hi === undefined ? '' : formatMargin(hi)}`, ...rows].join('\n');
  };
  return {
    bins: binsOf(inputs.at(-1)?.histogram ?? { min: 0, max: 0, counts: [], below: 0, above: 0 }),
    countsOf: perInput.map((b) => b.counts),
    data: [edges, ...series.map((s) => s.counts)],
    options: countOptions(range, series, uPlot.paths.stepped?.({ align: 1 }), tooltip),
  };
}
