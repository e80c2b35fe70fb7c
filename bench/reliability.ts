// kill -9 reliability bench: N seeded kills per job kind (default 10), each checked for integrity_check, FTS
// integrity, the file agreeing with the job's checkpoint, and resume reproducing an uninterrupted run. Prints one
// line per trial and a summary per kind. Run: npx tsx bench/reliability.ts [--n 10] [--kinds import,train,mars,decode]
// [--first-seed 1] [--max-delay-ms MS]
import { parseArgs } from 'node:util';
import { intact, killTrial, reference } from '../test/support/reliability';
import { KINDS } from '../test/support/reliability-kinds';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '10' },
    kinds: { type: 'string', default: 'import,train,mars,decode' },
    'first-seed': { type: 'string', default: '1' },
    /** Overrides each kind's kill window, e.g. to land kills after a training checkpoint. */
    'max-delay-ms': { type: 'string' },
  },
});
const n = Number(values.n);
const first = Number(values['first-seed']);
const maxDelay = values['max-delay-ms'] === undefined ? undefined : Number(values['max-delay-ms']);

for (const name of values.kinds.split(',')) {
  const kind = KINDS[name];
  if (kind === undefined) throw new Error(`unknown kind ${name}; known: ${Object.keys(KINDS).join(', ')}`);
  const t0 = Date.now();
  const shown = Object.entries(await reference(kind)).map(([k, v]) => `${k} ${typeof v === 'string' ? `${v.length} chars` : String(v)}`);
  console.log(`${name}: uninterrupted ${shown.join(', ')} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  let passed = 0;
  const progress: number[] = [];
  const states = new Map<string, number>();
  for (let seed = first; seed < first + n; seed++) {
    const r = await killTrial(kind, seed, maxDelay ?? kind.maxDelayMs);
    if (intact(r)) passed++;
    progress.push(r.progressAtKill);
    states.set(r.stateOnOpen, (states.get(r.stateOnOpen) ?? 0) + 1);
    console.log(
      `${name} seed ${seed}: killed +${r.killedAfterMs} ms at progress ${r.progressAtKill}, integrity ${r.integrity}, fts ${r.ftsOk ? 'ok' : 'BAD'}, checkpoint ${r.checkpointProblem ?? 'ok'}, on open ${r.stateOnOpen}, resume ${r.differences.length === 0 ? 'same as uninterrupted' : `DIFFERS ${r.differences.join('; ')}`}`,
    );
  }
  const seen = [...states].map(([s, c]) => `${c} ${s}`).join(', ');
  console.log(`${name}: ${passed}/${n} trials intact and resumed to the uninterrupted result; progress at kill ${Math.min(...progress)}..${Math.max(...progress)}; state on open: ${seen}`);
}
