// kill -9 at seeded random moments of an import (small N; bench/reliability.ts runs N >= 10): the file stays
// intact, FTS consistent, committed pairs equal the checkpoint, and resume ends with the uninterrupted result.
import { describe, expect, it } from 'vitest';
import { HH_MISSING_REASON, HH_PRESENT } from '../../support/hh';
import { killTrial } from '../../support/reliability';
import { KINDS } from '../../support/reliability-kinds';

const SEEDS = [11, 12];

describe.skipIf(!HH_PRESENT)('kill -9 during an import', () => {
  if (!HH_PRESENT) it.skip(HH_MISSING_REASON, () => {});
  for (const seed of SEEDS) {
    it(`seed ${seed}`, async () => {
      const r = await killTrial(KINDS.import!, seed);
      expect(r.integrity).toBe('ok');
      expect(r.ftsOk).toBe(true);
      expect(r.checkpointProblem).toBeNull();
      expect(r.differences).toEqual([]);
    }, 180_000);
  }
});
