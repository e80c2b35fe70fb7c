// The REFORM methods of the contract (spread into `methods` in contract.ts): start and continue runs, list them and
// read a run's ledger.
import { z } from 'zod';
import { Job } from './dto';
import { ReformOptions, ReformRound, ReformRun } from './reform-dto';

const RunId = z.object({ runId: z.number().int().positive() }).strict();

export const reformMethods = {
  /** Starts a `reform` job: discover → (review) → add failures in the patch direction → retrain → measure, per round. */
  'reform.start': { input: ReformOptions, output: Job, doc: 'Start a REFORM failure-patching run.' },
  /** Continues a run that waits for review (the reviewer is done), or was cancelled, failed or interrupted. */
  'reform.continue': { input: RunId, output: Job, doc: 'Continue a REFORM run.' },
  'reform.runs': { input: z.object({}).strict(), output: z.array(ReformRun), doc: 'REFORM runs, newest first.' },
  /** The per-round ledger of one run, oldest round first. */
  'reform.rounds': { input: RunId, output: z.array(ReformRound), doc: 'Rounds of a REFORM run.' },
} as const;
