// kill -9 at a seeded random moment of a train job (one seed here; bench/reliability.ts runs N >= 10): the file stays
// intact, what was written agrees with the job's checkpoint, and resume reproduces an uninterrupted run.
import { describe, expect, it } from 'vitest';
import { HH_MISSING_REASON, HH_PRESENT } from '../../support/hh';
import { killTrial } from '../../support/reliability';
import { KINDS } from '../../support/reliability-kinds';

describe.skipIf(!HH_PRESENT)('kill -9 during a train job', () => {
  if (!HH_PRESENT) it.skip(HH_MISSING_REASON, () => {});
  it('seed 21', async () => {
    const r = await killTrial(KINDS.train!, 21);
    expect(r.integrity).toBe('ok');
    expect(r.ftsOk).toBe(true);
    expect(r.checkpointProblem).toBeNull();
    expect(r.differences).toEqual([]);
  }, 300_000);
});
