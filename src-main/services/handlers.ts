// One handler per contract method. Inputs arrive validated; handlers stay thin and delegate to store and jobs.
import { access, constants } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ErrorCode, StudioError } from '../shared/errors';
import { exportPreview } from '../exporters/export-preview';
import { exportTargets } from '../exporters/export-targets';
import { checkExportTargets } from '../exporters/safe-target';
import type { HandlerTable } from './handler-types';
import { resolveImport } from './import-plan';
import { startImport } from './import-start';
import { discoveryHandlers } from './discovery-handlers';
import { marsHandlers } from './mars-handlers';
import { cvHandlers } from './cv-handlers';
import { modelHandlers } from './model-handlers';
import { reviewHandlers } from './review-handlers';
import { robustnessHandlers } from './robustness-handlers';
import { policyHandlers } from './policy-handlers';
import { reformHandlers } from './reform-handlers';

export const handlers: HandlerTable = {
  'app.info': async (_p, ctx) => ({
    version: ctx.deps.version,
    backend: await ctx.deps.backend(),
    project: ctx.projectOrNull()?.info ?? null,
  }),

  'project.open': (p, ctx) => ctx.open(resolve(p.path), p.create),

  'project.stats': (_p, ctx) => {
    const db = ctx.project();
    return {
      project: db.info,
      pairs: db.pairs.count({}),
      byOrigin: db.pairs.countBy('origin'),
      bySplit: db.pairs.countBy('split'),
      datasets: db.datasets.list(),
      issues: db.issues.countByKind(),
      jobs: db.jobs.countByState(),
    };
  },

  'datasets.list': (_p, ctx) => ctx.project().datasets.list(),

  'import.preview': async (p) => (await resolveImport(p)).preview,

  'import.start': (p, ctx) => startImport(p, ctx),

  'import.issues': (p, ctx) => ctx.project().issues.page(p),

  'pairs.page': (p, ctx) => ctx.project().pairs.page(p),

  'pairs.get': (p, ctx) => {
    const pair = ctx.project().pairs.get(p.id);
    if (!pair) throw new StudioError(ErrorCode.NotFound, `no pair with id ${p.id}`);
    return pair;
  },

  'export.start': async (p, ctx) => {
    const path = resolve(p.path);
    // Checked first: a protected place is refused whether or not its folder exists yet.
    const db = ctx.project();
    checkExportTargets(exportTargets(path, p.format), { projectPath: db.info.path, artifactsDir: db.info.artifactsDir, overwrite: p.overwrite });
    try {
      await access(dirname(path), constants.W_OK);
    } catch {
      throw new StudioError(ErrorCode.ProjectUnwritable, `cannot write the export to ${path}: its folder is missing or read-only`, { path });
    }
    return ctx.jobs().start('export', { ...p, path });
  },

  'export.preview': (p, ctx) => exportPreview(ctx.project(), p),

  'demo.start': (p, ctx) => ctx.jobs().start('demo', p),

  'jobs.list': (p, ctx) => ctx.project().jobs.list(p.limit),

  'jobs.get': (p, ctx) => {
    const job = ctx.project().jobs.get(p.id);
    if (!job) throw new StudioError(ErrorCode.NotFound, `no job ${p.id}`);
    return job;
  },

  'jobs.cancel': (p, ctx) => ctx.jobs().cancel(p.id),

  'jobs.resume': (p, ctx) => ctx.jobs().resume(p.id),

  ...modelHandlers,
  ...reviewHandlers,
  ...marsHandlers,
  ...cvHandlers,
  ...discoveryHandlers,
  ...robustnessHandlers,
  ...policyHandlers(),
  ...reformHandlers,
};
