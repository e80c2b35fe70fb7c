// kill -9 at seeded random moments of an import (small N; bench/reliability.ts runs N >= 10): the file stays
// intact, FTS consistent, committed pairs equal the checkpoint, and resume ends with the uninterrupted result.
import { describe, expect, it } from 'vitest';
import { HH_MISSING_REASON, HH_PRESENT } from '../../support/hh';
import { KINDS, killTrial } from '../../support/reliability';

const SEEDS = [11, 12];

describe.skipIf(!HH_PRESENT)('kill -9 during jobs', () => {
  if (!HH_PRESENT) it.skip(HH_MISSING_REASON, () => {});
  for (const kind of [KINDS.import].filter((k) => k !== undefined)) {
    for (const seed of SEEDS) {
      it(`${kind.name}, seed ${seed}`, async () => {
        const r = await killTrial(kind, seed, 1500);
        expect(r.integrity).toBe('ok');
        expect(r.ftsOk).toBe(true);
        expect(r.countsMatchCheckpoint).toBe(true);
        expect(r.resumedMatches, JSON.stringify(r.resumed)).toBe(true);
      }, 120_000);
    }
  }
});
