// One handler per contract method. Inputs arrive validated; handlers stay thin and delegate to store and jobs.
import { access, constants } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { ErrorCode, StudioError } from '../shared/errors';
import type { HandlerTable } from './handler-types';
import { resolveImport } from './import-plan';
import { marsHandlers } from './mars-handlers';
import { modelHandlers } from './model-handlers';
import { reviewHandlers } from './review-handlers';
import { robustnessHandlers } from './robustness-handlers';

function uniqueName(taken: (name: string) => boolean, base: string): string {
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base} (${i})`)) return `${base} (${i})`;
}

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

  'import.start': async (p, ctx) => {
    const db = ctx.project();
    const plan = await resolveImport(p);
    const name = uniqueName((n) => db.datasets.findByName(n) !== null, p.datasetName ?? basename(plan.path));
    const dataset = db.datasets.create({ name, sourcePath: plan.path, format: plan.preview.format, options: { ...p } });
    return ctx.jobs().start('import', { ...p, path: plan.path, format: plan.preview.format, datasetId: dataset.id });
  },

  'import.issues': (p, ctx) => ctx.project().issues.page(p),

  'pairs.page': (p, ctx) => ctx.project().pairs.page(p),

  'pairs.get': (p, ctx) => {
    const pair = ctx.project().pairs.get(p.id);
    if (!pair) throw new StudioError(ErrorCode.NotFound, `no pair with id ${p.id}`);
    return pair;
  },

  'export.start': async (p, ctx) => {
    const path = resolve(p.path);
    try {
      await access(dirname(path), constants.W_OK);
    } catch {
      throw new StudioError(ErrorCode.ProjectUnwritable, `cannot write the export to ${path}: its folder is missing or read-only`, { path });
    }
    return ctx.jobs().start('export', { ...p, path });
  },

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
  ...robustnessHandlers,
};
