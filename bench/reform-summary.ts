// Reads a bench/reform-compare.ts results file and prints the comparison table: per arm, mean ± SE over seeds of
// held-out accuracy and attack success (every failure, and class-confirmed failures only), with differences paired
// by seed against the base model and against retrain only, overall and per policy role, and the bar.
// Usage: npx tsx bench/reform-summary.ts bench/results/reform-compare-….json
import { readFileSync } from 'node:fs';
import { meanSe } from '../src-main/engine/robustness/attack';
import type { AttackRate } from '../src-main/shared/reform-dto';

interface Row {
  arm: string;
  seed: number;
  added: number;
  addedByRole?: Record<string, number>;
  accuracy: number;
  attack: AttackRate;
  /** Wall seconds of the arm's rounds (retraining, and discovery for REFORM arms); 0 for the base model. */
  seconds: number;
  /** Absent in files written before the bench ran the perturbation families. */
  suite?: { score: number; flipRate: Record<string, number> };
}

const file = process.argv[2];
if (file === undefined) throw new Error('usage: npx tsx bench/reform-summary.ts RESULTS.json');
const rows = (JSON.parse(readFileSync(file, 'utf8')) as { results: Row[] }).results;
const seeds = [...new Set(rows.map((r) => r.seed))].sort((a, b) => a - b);
// The bench's own order (base first); arms it does not know follow in file order.
const ORDER = ['base', 'retrain', 'uniform', 'mars-abs', 'mars-signed', 'reform', 'mars+reform'];
const rank = (arm: string) => (ORDER.includes(arm) ? ORDER.indexOf(arm) : ORDER.length);
const arms = [...new Set(rows.map((r) => r.arm))].sort((a, b) => rank(a) - rank(b));
const at = (arm: string, seed: number) => rows.find((r) => r.arm === arm && r.seed === seed);

type Metric = (r: Row) => number | undefined;
const pt = (x: number) => (x * 100).toFixed(1);
const est = (values: number[], scale: (x: number) => string, unit = '') => {
  const e = meanSe(values);
  return Number.isFinite(e.value) ? `${scale(e.value)} ± ${Number.isFinite(e.se) ? scale(e.se) : '–'}${unit}` : '–';
};

/** Per-seed values of `m` for `arm`, and paired against `ref` (difference, or relative change for `relative`). */
function paired(arm: string, ref: string, m: Metric, relative: boolean): number[] {
  const out: number[] = [];
  for (const seed of seeds) {
    const a = at(arm, seed);
    const b = at(ref, seed);
    const x = a && m(a);
    const y = b && m(b);
    if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (relative && y === 0) continue;
    out.push(relative ? x / y - 1 : x - y);
  }
  return out;
}

const own = (arm: string, m: Metric) => seeds.map((s) => at(arm, s)).flatMap((r) => (r && m(r) !== undefined ? [m(r) as number] : []));

const families = [...new Set(rows.flatMap((r) => Object.keys(r.suite?.flipRate ?? {})))];
const metrics: Array<{ name: string; m: Metric }> = [
  { name: 'robustness score (mean accuracy over perturbation families)', m: (r) => r.suite?.score },
  { name: 'attack success, every failure', m: (r) => r.attack.overall.value },
  { name: 'attack success, class-confirmed', m: (r) => r.attack.confirmed?.overall.value },
  { name: 'aligned role, every failure', m: (r) => r.attack.byRole['aligned']?.value },
  { name: 'aligned role, class-confirmed', m: (r) => r.attack.confirmed?.byRole['aligned']?.value },
  { name: 'misaligned role, every failure', m: (r) => r.attack.byRole['misaligned']?.value },
  { name: 'misaligned role, class-confirmed', m: (r) => r.attack.confirmed?.byRole['misaligned']?.value },
];

console.log(`${file}: seeds ${seeds.join(', ')}; mean ± SE over seeds, differences paired by seed\n`);
console.log('| arm | added | held-out accuracy | Δ vs base (pt) | Δ vs retrain only (pt) | time (s, shared machine) |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const arm of arms) {
  const added = est(own(arm, (r) => r.added), (x) => x.toFixed(0));
  const acc = (r: Row) => r.accuracy;
  const vsRetrain = arms.includes('retrain') && arm !== 'retrain' && arm !== 'base' ? est(paired(arm, 'retrain', acc, false), pt) : '';
  const time = arm === 'base' ? '' : est(own(arm, (r) => r.seconds), (x) => x.toFixed(0));
  console.log(`| ${arm} | ${added} | ${est(own(arm, acc), pt, '%')} | ${arm === 'base' ? '' : est(paired(arm, 'base', acc, false), pt)} | ${vsRetrain} | ${time} |`);
}
for (const { name, m } of metrics) {
  if (own('base', m).length === 0) continue;
  console.log(`\n${name}\n\n| arm | rate | vs base (relative) | vs retrain only (pt) |\n| --- | --- | --- | --- |`);
  for (const arm of arms) {
    const vsBase = arm === 'base' ? '' : est(paired(arm, 'base', m, true), (x) => (x * 100).toFixed(0), '%');
    const vsRetrain = arms.includes('retrain') && arm !== 'retrain' && arm !== 'base' ? est(paired(arm, 'retrain', m, false), pt) : '';
    const per = own(arm, m).map(pt).join(', ');
    console.log(`| ${arm} | ${est(own(arm, m), pt, '%')} (${per}) | ${vsBase} | ${vsRetrain} |`);
  }
}
if (families.length > 0) {
  console.log(`\nflip rate per family (mean over seeds, %)\n\n| arm | ${families.join(' | ')} |\n| --- |${families.map(() => ' --- |').join('')}`);
  for (const arm of arms) {
    const cells = families.map((f) => est(own(arm, (r) => r.suite?.flipRate[f]), pt));
    console.log(`| ${arm} | ${cells.join(' | ')} |`);
  }
}
// The bar: attack success (REFORM's failures: class-confirmed where the rule is known) ≥ 35% lower than the
// base model's, held-out accuracy at most 1 point lower; both as means over seeds.
for (const arm of arms.filter((a) => a.includes('reform'))) {
  const m: Metric = (r) => r.attack.confirmed?.overall.value ?? r.attack.overall.value;
  const rel = meanSe(paired(arm, 'base', m, true));
  const acc = meanSe(paired(arm, 'base', (r) => r.accuracy, false));
  const met = rel.value <= -0.35 && acc.value >= -0.01;
  console.log(
    `\nbar (${arm}): attack success ${(rel.value * 100).toFixed(0)} ± ${(rel.se * 100).toFixed(0)}% relative to base ` +
      `(≤ −35%), accuracy ${pt(acc.value)} ± ${pt(acc.se)} pt (≥ −1): ${met ? 'met' : 'not met'}`,
  );
}
