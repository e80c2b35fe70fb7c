// import.start: recognises a file imported before (same content hash) and resumes, skips or re-imports it as asked.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Job } from '../shared/dto';
import { ErrorCode, StudioError } from '../shared/errors';
import type { MethodParams } from '../shared/contract';
import type { HandlerContext } from './handler-types';
import { resolveImport } from './import-plan';

const RESUMABLE = new Set(['cancelled', 'interrupted', 'failed']);

/** sha256 of the file's bytes, streamed (an HH split is tens of MB; hashing runs at hundreds of MB/s). */
export async function fileHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function uniqueName(taken: (name: string) => boolean, base: string): string {
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base} (${i})`)) return `${base} (${i})`;
}

export async function startImport(p: MethodParams<'import.start'>, ctx: HandlerContext): Promise<Job> {
  const db = ctx.project();
  const plan = await resolveImport(p);
  const sourceHash = await fileHash(plan.path);
  const prior = p.ifImported === 'new' ? null : db.datasets.findBySourceHash(sourceHash);
  const priorJob = prior?.importJobId == null ? null : db.jobs.get(prior.importJobId);
  if (prior !== null && priorJob !== null) {
    if (p.ifImported === 'skip') return priorJob;
    if (p.ifImported === 'resume') {
      // A finished import has nothing left to do; a running one is already doing it.
      return RESUMABLE.has(priorJob.state) ? ctx.jobs().resume(priorJob.id) : priorJob;
    }
    throw new StudioError(
      ErrorCode.AlreadyImported,
      `${plan.path} was already imported as data set #${prior.id} "${prior.name}" (import ${priorJob.state}, ${prior.pairCount} pairs); ` +
        `choose to resume it, skip it, or import it again as a new data set (CLI: --if-imported resume|skip|new)`,
      {
        path: plan.path,
        datasetId: prior.id,
        datasetName: prior.name,
        jobId: priorJob.id,
        state: priorJob.state,
        resumable: RESUMABLE.has(priorJob.state),
      },
    );
  }
  const name = uniqueName((n) => db.datasets.findByName(n) !== null, p.datasetName ?? basename(plan.path));
  const dataset = db.datasets.create({
    name,
    sourcePath: plan.path,
    format: plan.preview.format,
    options: { ...p },
    sourceHash,
  });
  return ctx.jobs().start('import', { ...p, path: plan.path, format: plan.preview.format, datasetId: dataset.id });
}
