// Small display formatters shared by the job bar, tables and the pair view.

const numberFormat = new Intl.NumberFormat('en-US');
const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return numberFormat.format(n);
}

export function formatRate(rate: number | null, unit: string): string {
  if (rate === null || !Number.isFinite(rate)) return '';
  return `${compactFormat.format(rate)} ${unit}/s`;
}

/** `1h 02m`, `3m 05s`, `42s`; empty when unknown. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}

/** A prompt as shown: without the blank lines HH's turn format opens (and may close) with, which only push the
 * turns down; the stored text is unchanged. */
export function displayPrompt(prompt: string): string {
  return prompt.replace(/^\s*\n|\n\s*$/g, '');
}

/** Renders unknown JSON-ish values (extra columns, provenance) as short readable text. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
