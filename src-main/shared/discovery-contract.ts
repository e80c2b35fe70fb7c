// The failure-discovery methods of the contract (spread into `methods` in contract.ts): runs, the failures queue,
// failure modes and their review.
import { z } from 'zod';
import { Job } from './dto';
import {
  DiscoverOptions,
  DiscoveryRun,
  FailureFilter,
  FailureJudge,
  FailureJudgeResult,
  FailureMode,
  FailurePage,
  FailureReview,
  FailureReviewResult,
  FailureUndo,
} from './discovery-dto';

const FailurePageQuery = FailureFilter.extend({
  /** The last pair id of the previous page. */
  after: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
}).strict();

export const discoveryMethods = {
  /** Starts a `decode` job: policies write responses of their class while the reward model steers the wrong way. */
  'discover.start': { input: DiscoverOptions, output: Job, doc: 'Start failure discovery.' },
  'discover.runs': { input: z.object({}).strict(), output: z.array(DiscoveryRun), doc: 'Discovery runs, newest first.' },
  /** Discovered failures with the reference each beat, both rewards, the gap and the demo rule's verdict. */
  'failures.page': { input: FailurePageQuery, output: FailurePage, doc: 'A page of discovered failures.' },
  /** Failures grouped by what they share against their references: length, over-used terms, openings, closings. */
  'failures.modes': {
    input: FailureFilter.omit({ modeId: true }).strict(),
    output: z.array(FailureMode),
    doc: 'Failure modes.',
  },
  /** Confirms, rejects or edits failures (by ids or by filter/mode) in one transaction, each with a log entry. */
  'failures.review': { input: FailureReview, output: FailureReviewResult, doc: 'Review discovered failures.' },
  /** Undoes a (bulk) failure review, latest entry first. */
  'failures.undo': { input: FailureUndo, output: FailureReviewResult, doc: 'Undo a failure review.' },
  /** Asks the configured LLM endpoint whether each discovered response is good or bad; stores the verdicts as suggestions. */
  'failures.judge': { input: FailureJudge, output: FailureJudgeResult, doc: 'LLM judge verdicts on failures.' },
} as const;
