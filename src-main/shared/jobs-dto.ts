// Job DTOs: the kinds of long work, their states and progress, and the ML backend report.
import { z } from 'zod';

export const JobKind = z.enum(['import', 'export', 'demo', 'train', 'score', 'eval', 'mars', 'decode', 'cv', 'robustness', 'policy-train', 'reform', 'robustness-export']);
export type JobKind = z.infer<typeof JobKind>;

/** `interrupted`: the process died while running; the job can be resumed from its checkpoint. */
export const JobState = z.enum(['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted']);
export type JobState = z.infer<typeof JobState>;

export const JobProgress = z.object({
  done: z.number(),
  total: z.number().nullable(),
  unit: z.string(),
  message: z.string(),
  /** Units per second, smoothed. */
  rate: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  /** Live numbers of a training job (step, loss, accuracy, tokensPerSecond…), for curves in the UI and CLI. */
  metrics: z.record(z.string(), z.number()).optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const Job = z.object({
  id: z.string(),
  kind: JobKind,
  state: JobState,
  params: z.record(z.string(), z.unknown()),
  progress: JobProgress,
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof Job>;

/** Which ML backend the engine runs on, and why the better ones were not taken. */
export const BackendReport = z.object({
  name: z.enum(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']),
  detail: z.string(),
  rejected: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export type BackendReport = z.infer<typeof BackendReport>;
