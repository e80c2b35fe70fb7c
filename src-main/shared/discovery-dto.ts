// Failure-discovery DTOs: the options of a discovery run, its outputs, the failures queue, failure modes and review.
import { z } from 'zod';
import { PARAMS, withDefault } from './params';
import { Pair, ReviewStatus, Split } from './dto';
import { ReviewEntry } from './review-dto';

/** Which class a policy writes: `aligned` preferred-class responses, `misaligned` rejected-class ones. */
export const PolicyRole = z.enum(['aligned', 'misaligned']);
export type PolicyRole = z.infer<typeof PolicyRole>;

/** `guided`: the reward model steers every token the wrong way (REFORM); `sample`: plain sampling, the baseline. */
export const DecodeMode = z.enum(['guided', 'sample']);
export type DecodeMode = z.infer<typeof DecodeMode>;

export const DiscoverOptions = z
  .object({
    /** The reward model that guides decoding and judges failures; default the newest ready reward model. */
    modelId: z.number().int().positive().optional(),
    role: z.enum(['aligned', 'misaligned', 'both']).default('both'),
    mode: DecodeMode.default('guided'),
    /** Prompts come from this split's original pairs (held-out by default, where the model was not trained). */
    split: Split.default('validation'),
    /** How many prompts (a seeded draw from the split); ignored when `pairIds` is given. */
    prompts: withDefault(PARAMS.attackPrompts),
    /** Decode on exactly these source pairs (from the Browse filter or the Ambiguous queue). */
    pairIds: z.array(z.number().int().positive()).min(1).max(100_000).optional(),
    samples: withDefault(PARAMS.decodeSamples),
    k: withDefault(PARAMS.decodeK),
    temperature: withDefault(PARAMS.decodeTemperature),
    maxNewTokens: withDefault(PARAMS.maxNewTokens),
    seed: withDefault(PARAMS.seed),
    /** Policy model ids per role; default the newest ready policy of that role. */
    alignedPolicyId: z.number().int().positive().optional(),
    misalignedPolicyId: z.number().int().positive().optional(),
    /** `auto` approves every failure for training at once; `manual` (default) waits for a reviewer. */
    approve: z.enum(['auto', 'manual']).default('manual'),
    /** Restrict the draw to one data set. */
    datasetId: z.number().int().optional(),
  })
  .strict();
export type DiscoverOptions = z.input<typeof DiscoverOptions>;
export type DiscoverConfig = z.output<typeof DiscoverOptions>;

export const DiscoveryStatus = z.enum(['running', 'done', 'failed', 'cancelled', 'interrupted']);
export type DiscoveryStatus = z.infer<typeof DiscoveryStatus>;

/** Per-role counts of a run: outputs generated and failures among them. */
export const RoleCounts = z.object({ generated: z.number().int(), failures: z.number().int() });
export type RoleCounts = z.infer<typeof RoleCounts>;

export const DiscoveryRun = z.object({
  id: z.number().int(),
  status: DiscoveryStatus,
  config: z.record(z.string(), z.unknown()),
  rewardModelId: z.number().int().nullable(),
  /** Policy model id per role that the run decodes with. */
  policies: z.record(z.string(), z.number().int()),
  /** Source pairs decoded from, fixed when the run starts (so a resumed run decodes the same prompts). */
  promptIds: z.array(z.number().int()),
  byRole: z.record(z.string(), RoleCounts),
  tokens: z.number().int(),
  seconds: z.number(),
  jobId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DiscoveryRun = z.infer<typeof DiscoveryRun>;

/** The demo's hidden rule (or an LLM judge) on the discovered response: did the policy keep its class? */
export const ClassVerdict = z.enum(['good', 'bad']);
export type ClassVerdict = z.infer<typeof ClassVerdict>;

/** One discovered failure as the queue shows it: the pair it became and the output behind it. */
export const Failure = z.object({
  pairId: z.number().int(),
  runId: z.number().int(),
  sourcePairId: z.number().int().nullable(),
  role: PolicyRole,
  mode: DecodeMode,
  prompt: z.string(),
  /** The discovered response y. */
  response: z.string(),
  /** The dataset reference it beat (misaligned: y_chosen) or lost to (aligned: y_rejected). */
  reference: z.string(),
  reward: z.number(),
  referenceReward: z.number(),
  /** How far past the reference: r(y_rejected) − r(y) for aligned, r(y) − r(y_chosen) for misaligned (> 0). */
  gap: z.number(),
  reviewStatus: ReviewStatus.nullable(),
  /** The built-in demo's hidden rule on the response; null outside the demo. */
  ruleVerdict: ClassVerdict.nullable(),
  /** The optional LLM judge's verdict (`failures.judge`): a suggestion only, never applied; null until asked. */
  judgeVerdict: ClassVerdict.nullable().optional(),
});
export type Failure = z.infer<typeof Failure>;

export const FailureFilter = z
  .object({
    runId: z.number().int().positive().optional(),
    role: PolicyRole.optional(),
    /** `pending`: not reviewed yet. */
    status: z.enum(['pending', 'confirmed', 'rejected', 'approved']).optional(),
    /** A failure mode id from `failures.modes` (of the same run filter). */
    modeId: z.string().min(1).optional(),
  })
  .strict();
export type FailureFilter = z.infer<typeof FailureFilter>;

export const FailurePage = z.object({
  rows: z.array(Failure),
  total: z.number().int(),
  nextAfter: z.number().int().nullable(),
});
export type FailurePage = z.infer<typeof FailurePage>;

export const FailureModeKind = z.enum(['length', 'term', 'opening', 'closing']);
export type FailureModeKind = z.infer<typeof FailureModeKind>;

/** A group of failures sharing one contrast with the references they beat. */
export const FailureMode = z.object({
  id: z.string(),
  kind: FailureModeKind,
  role: PolicyRole,
  label: z.string(),
  count: z.number().int(),
  /** Named numbers: mean lengths and their change, a term's z-score and rates, an opening's share… */
  stats: z.record(z.string(), z.number()),
  /** A few member pair ids to show. */
  examples: z.array(z.number().int()),
  /** Every member pair id (for bulk review). */
  pairIds: z.array(z.number().int()),
});
export type FailureMode = z.infer<typeof FailureMode>;

/** Reviewers' verdicts on a discovered failure: a real failure that kept its class, or a policy that drifted. */
export const FailureAction = z.enum(['confirm', 'reject', 'edit']);
export type FailureAction = z.infer<typeof FailureAction>;

export const FailureReview = z
  .object({
    /** The failures' pair ids; or every failure of a mode or filter with `filter`. */
    pairIds: z.array(z.number().int().positive()).min(1).max(100_000).optional(),
    filter: FailureFilter.optional(),
    action: FailureAction,
    /** The reviewer's rewrite of the discovered response (it stays on its role's side of the pair). */
    edit: z.object({ response: z.string().min(1) }).strict().optional(),
    reviewer: z.string().min(1).max(200).default('local'),
  })
  .strict()
  .refine((r) => (r.pairIds === undefined) !== (r.filter === undefined), {
    message: 'give either pairIds or filter',
    path: ['pairIds'],
  })
  .refine((r) => (r.action === 'edit') === (r.edit !== undefined), {
    message: 'edit texts are required with action "edit" and only with it',
    path: ['edit'],
  });
export type FailureReview = z.input<typeof FailureReview>;

export const FailureReviewResult = z.object({ entries: z.array(ReviewEntry), pairs: z.array(Pair) });
export type FailureReviewResult = z.infer<typeof FailureReviewResult>;

export const FailureUndo = z
  .object({ entryIds: z.array(z.number().int().positive()).min(1).max(100_000), reviewer: z.string().min(1).max(200).default('local') })
  .strict();

/** Failures to put to the configured LLM judge (a few at a time: each is one chat request). */
export const FailureJudge = z.object({ pairIds: z.array(z.number().int().positive()).min(1).max(200) }).strict();
export type FailureJudge = z.input<typeof FailureJudge>;

/** Per failure: the judge's verdict (null when its answer named no clear class) and a short line of what it said. */
export const FailureJudgeResult = z.object({
  endpoint: z.string(),
  verdicts: z.array(z.object({ pairId: z.number().int(), verdict: ClassVerdict.nullable(), answer: z.string() })),
});
export type FailureJudgeResult = z.infer<typeof FailureJudgeResult>;
