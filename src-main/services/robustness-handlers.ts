// Handlers of the robustness suite: starting a `robustness` job over saved models, reading stored results.
import { join } from 'node:path';
import { ErrorCode, StudioError } from '../shared/errors';
import { RobustnessResult, type AttackConfig } from '../shared/robustness-dto';
import { policySource } from '../jobs/discover/discover-job';
import { resultKey } from '../jobs/robustness/held-out';
import type { ModelRecord, ProjectDb } from '../store/types';
import type { HandlerTable } from './handler-types';

type Role = 'aligned' | 'misaligned';

/** A policy that can decode: ready, with saved weights or an endpoint address. */
function readyPolicy(m: ModelRecord): boolean {
  return m.kind === 'policy' && m.status === 'ready' && (m.artifactPath !== null || typeof m.config.endpoint === 'object');
}

/**
 * The attack's policies: a named policy must be usable (an error otherwise, the user asked for it); without a name,
 * the newest ready policy of the role, and when a role has none the attack is skipped with the reason.
 */
function resolveAttack(db: ProjectDb, config: AttackConfig) {
  const roles: Role[] = config.role === 'both' ? ['aligned', 'misaligned'] : [config.role];
  const policies = [];
  for (const role of roles) {
    const field = role === 'aligned' ? 'attack.alignedPolicyId' : 'attack.misalignedPolicyId';
    const id = role === 'aligned' ? config.alignedPolicyId : config.misalignedPolicyId;
    let m: ModelRecord | undefined;
    if (id !== undefined) {
      const named = db.models.get(id);
      if (named === null) throw new StudioError(ErrorCode.NotFound, `no model ${id}`, { field });
      if (!readyPolicy(named)) throw new StudioError(ErrorCode.InvalidRequest, `model ${id} (${named.name}) is not a ready policy`, { field });
      m = named;
    } else {
      m = db.models.list({ kind: 'policy' }).find((x) => readyPolicy(x) && x.config.role === role);
    }
    if (m === undefined) {
      return { skipped: `no ready ${role} policy to attack with: train one (prefstudio policy train --role ${role}) or set attack.role` };
    }
    policies.push({ role, id: m.id, source: policySource(db, m) });
  }
  return { config, policies };
}

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
    const attack = p.attack === false ? false : resolveAttack(db, p.attack);
    return ctx.jobs().start('robustness', { seed: p.seed, models, attack, ...(p.families ? { families: p.families } : {}) });
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
