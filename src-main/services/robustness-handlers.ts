// Handlers of the robustness suite: starting a `robustness` job over saved models, reading stored results.
import { join } from 'node:path';
import { ErrorCode, StudioError } from '../shared/errors';
import { RobustnessResult } from '../shared/robustness-dto';
import { resultKey } from '../jobs/robustness/held-out';
import type { HandlerTable } from './handler-types';

export const robustnessHandlers: Pick<HandlerTable, 'robustness.start' | 'robustness.results'> = {
  'robustness.start': (p, ctx) => {
    const db = ctx.project();
    const models = p.modelIds.map((id) => {
      const m = db.models.get(id);
      if (m === null) throw new StudioError(ErrorCode.NotFound, `no model ${id}`, { field: 'modelIds' });
      if (m.kind === 'external') {
        throw new StudioError(
          ErrorCode.InvalidRequest,
          `model ${id} (${m.name}) is external: its scores came from a file, so it cannot score perturbed text here`,
          { field: 'modelIds' },
        );
      }
      if (m.kind !== 'reward' || m.status !== 'ready' || m.artifactPath === null) {
        throw new StudioError(ErrorCode.InvalidRequest, `model ${id} (${m.name}) has no saved weights to score with (status ${m.status})`, {
          field: 'modelIds',
        });
      }
      return { id, dir: join(db.info.artifactsDir, m.artifactPath) };
    });
    if (new Set(p.modelIds).size !== p.modelIds.length) {
      throw new StudioError(ErrorCode.InvalidRequest, 'each model may be named once', { field: 'modelIds' });
    }
    return ctx.jobs().start('robustness', { seed: p.seed, models, ...(p.families ? { families: p.families } : {}) });
  },

  'robustness.results': (_p, ctx) => {
    const db = ctx.project();
    return db.models
      .list()
      .map((m) => db.settings.get<unknown>(resultKey(m.id)))
      .flatMap((v) => {
        // A result written by another version of the app that no longer parses is left out, not shown half-read.
        const parsed = RobustnessResult.safeParse(v);
        return parsed.success ? [parsed.data] : [];
      })
      .sort((a, b) => a.modelId - b.modelId);
  },
};
