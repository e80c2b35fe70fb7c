// Handlers of the review methods: reviewers' actions on pairs, their undo, and the audit log they append to.
import { Reviewer } from '../curation/review-actions';
import type { HandlerTable } from './handler-types';

type ReviewMethods = 'review.apply' | 'review.undo' | 'review.log';

export const reviewHandlers: Pick<HandlerTable, ReviewMethods> = {
  'review.apply': (p, ctx) => {
    const result = new Reviewer(ctx.project()).apply(p);
    // Open lists show the pair's status and texts: tell them to reload its data set.
    ctx.emit({ type: 'pairs-changed', datasetId: result.pair.datasetId });
    return result;
  },

  'review.undo': (p, ctx) => {
    const result = new Reviewer(ctx.project()).undo(p.entryId, p.reviewer);
    ctx.emit({ type: 'pairs-changed', datasetId: result.pair.datasetId });
    return result;
  },

  'review.log': (p, ctx) => ctx.project().reviewLog.list(p),
};
