// Review DTOs: the audit-log entries reviewers' actions append and the edits they may make to a pair's texts.
import { z } from 'zod';

/**
 * One row of the append-only review log. `payload` holds the fields the action changed, `{ before, after }`;
 * an undo entry names the entry it reverts in `undoes`. `action` is a ReviewAction or `undo` for entries this
 * app writes; other writers (MARS, imports) may log their own actions.
 */
export const ReviewEntry = z.object({
  id: z.number().int(),
  ts: z.string(),
  reviewer: z.string(),
  action: z.string(),
  pairId: z.number().int().nullable(),
  payload: z.record(z.string(), z.unknown()),
  undoes: z.number().int().nullable(),
});
export type ReviewEntry = z.infer<typeof ReviewEntry>;

/** New texts for an `edit` action: at least one, none empty. */
export const ReviewEdit = z
  .object({ prompt: z.string().min(1), chosen: z.string().min(1), rejected: z.string().min(1) })
  .partial()
  .strict()
  .refine((e) => e.prompt !== undefined || e.chosen !== undefined || e.rejected !== undefined, {
    message: 'an edit must change at least one of prompt, chosen, rejected',
  });
export type ReviewEdit = z.infer<typeof ReviewEdit>;
