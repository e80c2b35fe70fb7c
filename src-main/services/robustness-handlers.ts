// Handlers of the robustness suite: starting a `robustness` job over saved models (one or several seeds), reading stored
// results, starting a `robustness-export` job that writes the perturbed sets for an external model.
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ErrorCode, StudioError } from '../shared/errors';
import { RobustnessResult, type AttackConfig, type ExternalScores } from '../shared/robustness-dto';
import { policySource } from '../jobs/discover/discover-job';
import { MemorySecretStore } from '../llm/secret-store';
import { resultKey } from '../jobs/robustness/held-out';
import { refuseScoredFolder } from '../jobs/robustness/scores-dir';
import { MANIFEST_FILE } from '../engine/robustness/scores-files';
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
        // Without its key: params are stored in the project; the job reads the key from what the host hands it.
    policies.push({ role, id: m.id, source: policySource(db, m, new MemorySecretStore()) });
  }
  return { config, policies };
}

/**
 * The external model a scores folder measures: the one named, else the external model of that name (a rerun replaces
 * its result), else a new one. External models carry no weights, so the attack never runs on them.
 */
function externalModel(db: ProjectDb, s: ExternalScores, i: number): { id: number; dir: string } {
  const field = `scores.${i}.dir`;
  const dir = resolve(s.dir);
  if (!existsSync(join(dir, MANIFEST_FILE))) {
    throw new StudioError(ErrorCode.FileNotFound, `${join(dir, MANIFEST_FILE)} not found: write the folder with robustness.exportPerturbed (--export-perturbed) first`, {
      field,
    });
  }
  if (s.modelId !== undefined) {
    const m = db.models.get(s.modelId);
    if (m === null) throw new StudioError(ErrorCode.NotFound, `no model ${s.modelId}`, { field: `scores.${i}.modelId` });
    if (m.kind !== 'external') {
      throw new StudioError(ErrorCode.InvalidRequest, `model ${m.id} (${m.name}) has weights: name it in modelIds, not with a scores folder`, { field: `scores.${i}.modelId` });
    }
    return { id: m.id, dir };
  }
  const name = s.name ?? basename(dir);
  const existing = db.models.list({ kind: 'external' }).find((m) => m.name === name);
  const m = existing ?? db.models.create({ name, kind: 'external', status: 'ready', artifactPath: null, config: { scoresDir: dir } });
  return { id: m.id, dir };
}

/**
 * The suite seeds of a run over several seeds, or undefined for a one-seed run (`seeds: [S]` is the same as `seed: S`).
 * A scores folder holds one seed's perturbations, so external models take part only in one-seed runs.
 */
function suiteSeeds(seeds: readonly number[] | undefined, external: boolean): number[] | undefined {
  if (seeds === undefined) return undefined;
  if (new Set(seeds).size !== seeds.length) throw new StudioError(ErrorCode.InvalidRequest, 'each seed may be named once', { field: 'seeds' });
  if (seeds.length === 1) return undefined;
  if (external) {
    throw new StudioError(ErrorCode.InvalidRequest, 'a scores folder holds the perturbations of one seed: run external models with one seed (the export\'s)', {
      field: 'seeds',
    });
  }
  return [...seeds];
}

export const robustnessHandlers: Pick<HandlerTable, 'robustness.start' | 'robustness.results' | 'robustness.exportPerturbed'> = {
  'robustness.start': (p, ctx) => {
    const db = ctx.project();
    const models = p.modelIds.map((id) => {
      const m = db.models.get(id);
      if (m === null) throw new StudioError(ErrorCode.NotFound, `no model ${id}`, { field: 'modelIds' });
      if (m.kind === 'external') {
        throw new StudioError(
          ErrorCode.InvalidRequest,
          `model ${id} (${m.name}) is external: it cannot score perturbed text here; give its scores folder in scores (--scores-dir)`,
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
    const externals = (p.scores ?? []).map((s, i) => externalModel(db, s, i));
    const ids = [...p.modelIds, ...externals.map((x) => x.id)];
    if (new Set(ids).size !== ids.length) {
      throw new StudioError(ErrorCode.InvalidRequest, 'each model may be named once', { field: 'modelIds' });
    }
    if (ids.length === 0) throw new StudioError(ErrorCode.InvalidRequest, 'name at least one model or scores folder', { field: 'modelIds' });
    const attack = p.attack === false || models.length === 0 ? false : resolveAttack(db, p.attack);
    const seeds = suiteSeeds(p.seeds, externals.length > 0);
    return ctx.jobs().start('robustness', {
      seed: p.seeds?.[0] ?? p.seed,
      ...(seeds ? { seeds } : {}),
      models,
      externals,
      attack,
      ...(p.families ? { families: p.families } : {}),
    });
  },

  'robustness.exportPerturbed': (p, ctx) => {
    const dir = resolve(p.dir);
    // Said at once rather than by a failed job; the job checks again before it writes.
    refuseScoredFolder(dir);
    return ctx.jobs().start('robustness-export', { dir, seed: p.seed, ...(p.families ? { families: p.families } : {}) });
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
