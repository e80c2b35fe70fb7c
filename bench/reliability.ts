// kill -9 reliability bench: N seeded kills per job kind (default 10), each checked for integrity_check, FTS
// integrity, committed rows = checkpoint, and resume reaching the uninterrupted result. Prints one line per trial
// and a summary. Run: npx tsx bench/reliability.ts [--n 10] [--max-delay-ms 3000] [--kinds import]
import { parseArgs } from 'node:util';
import { KINDS, killTrial } from '../test/support/reliability';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '10' }, 'max-delay-ms': { type: 'string', default: '3000' }, kinds: { type: 'string', default: 'import' } },
});
const n = Number(values.n);
const maxDelay = Number(values['max-delay-ms']);

for (const name of values.kinds.split(',')) {
  const kind = KINDS[name];
  if (kind === undefined) throw new Error(`unknown kind ${name}; known: ${Object.keys(KINDS).join(', ')}`);
  let passed = 0;
  const committed: number[] = [];
  for (let seed = 1; seed <= n; seed++) {
    const r = await killTrial(kind, seed, maxDelay);
    const ok = r.integrity === 'ok' && r.ftsOk && r.countsMatchCheckpoint && r.resumedMatches;
    if (ok) passed++;
    committed.push(r.committed);
    console.log(
      `${name} seed ${seed}: killed +${r.killedAfterMs} ms, ${r.committed} pairs committed, integrity ${r.integrity}, fts ${r.ftsOk ? 'ok' : 'BAD'}, checkpoint ${r.countsMatchCheckpoint ? 'ok' : 'MISMATCH'}, resume ${r.resumedMatches ? 'ok' : `WRONG ${JSON.stringify(r.resumed)}`}`,
    );
  }
  console.log(`${name}: ${passed}/${n} trials intact and resumed exactly; committed at kill ${Math.min(...committed)}..${Math.max(...committed)} pairs`);
}
