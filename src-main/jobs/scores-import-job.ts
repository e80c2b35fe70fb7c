// Job: imports scores from an external reward model, so margin views and MARS work with a production RM.
// Input: JSONL rows `{ "pair_id": 12 | "content_hash": "…", "r_chosen": 0.3, "r_rejected": -1.2 }`.
import { jobParams } from '../shared/job-params';
import { readRecords } from '../importers/read-records';
import { StudioError, ErrorCode } from '../shared/errors';
import type { ScoreInput } from '../store/types';
import type { JobContext, JobRunner } from './context';

const BATCH = 2000;

interface Row {
  line: number;
  pairId?: number;
  hash?: string;
  rChosen: number;
  rRejected: number;
}

function parse(line: number, text: string): Row | string {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (err) {
    return `malformed JSON (${(err as Error).message})`;
  }
  if (typeof obj !== 'object' || obj === null) return 'not a JSON object';
  const o = obj as Record<string, unknown>;
  const rChosen = o.r_chosen;
  const rRejected = o.r_rejected;
  if (typeof rChosen !== 'number' || !Number.isFinite(rChosen)) return 'field "r_chosen": a finite number is required';
  if (typeof rRejected !== 'number' || !Number.isFinite(rRejected)) return 'field "r_rejected": a finite number is required';
  if (Number.isInteger(o.pair_id)) return { line, pairId: o.pair_id as number, rChosen, rRejected };
  if (typeof o.content_hash === 'string' && /^[0-9a-f]{64}$/.test(o.content_hash)) {
    return { line, hash: o.content_hash, rChosen, rRejected };
  }
  return 'needs "pair_id" (integer) or "content_hash" (sha256 hex of prompt, NUL, chosen, NUL, rejected)';
}

function resolve(ctx: JobContext, rows: Row[]): { scores: ScoreInput[]; unmatched: number } {
  const hashes = rows.filter((r) => r.hash !== undefined).map((r) => r.hash as string);
  const byHash = hashes.length ? ctx.db.pairs.idsByHash(hashes) : new Map<string, number[]>();
  const scores: ScoreInput[] = [];
  let unmatched = 0;
  for (const r of rows) {
    // A content hash names identical pairs in every data set that holds them: all get the score.
    const ids = r.pairId !== undefined ? (ctx.db.pairs.get(r.pairId) ? [r.pairId] : []) : (byHash.get(r.hash as string) ?? []);
    if (ids.length === 0) unmatched++;
    for (const pairId of ids) scores.push({ pairId, rChosen: r.rChosen, rRejected: r.rRejected });
  }
  return { scores, unmatched };
}

export const runScoresImportJob: JobRunner<'score'> = async (ctx) => {
  const p = jobParams('score', ctx.params);
  if (!('file' in p)) throw new StudioError(ErrorCode.Internal, 'a computed score job ran as an import of a file');
  const { db } = ctx;
  const counts = { rows: 0, scored: 0, unmatched: 0, invalid: 0 };
  const firstProblems: string[] = [];
  let batch: Row[] = [];
  let bytes = { read: 0, total: 0 };
  const flush = (): void => {
    const { scores, unmatched } = resolve(ctx, batch);
    db.transaction(() => db.scores.upsertMany(p.modelId, scores));
    counts.scored += scores.length;
    counts.unmatched += unmatched;
    batch = [];
    ctx.progress({ done: bytes.read, total: bytes.total, unit: 'bytes', message: `${counts.scored} pairs scored, ${counts.unmatched} rows matched no pair` });
  };
  for await (const rec of readRecords(p.file, { onBytes: (read, total) => (bytes = { read, total }) })) {
    counts.rows++;
    const row = parse(rec.line, rec.text);
    if (typeof row === 'string') {
      counts.invalid++;
      if (firstProblems.length < 20) firstProblems.push(`${p.file}:${rec.line}: ${row}`);
      continue;
    }
    batch.push(row);
    if (batch.length >= BATCH) flush();
    if (ctx.signal.aborted) break;
  }
  if (batch.length) flush();
  if (counts.scored === 0) {
    db.models.setStatus(p.modelId, 'failed');
    throw new StudioError(ErrorCode.InvalidRequest, `no scores matched a pair of this project (${counts.rows} rows read${firstProblems[0] ? `; first problem: ${firstProblems[0]}` : ''})`);
  }
  const summary = db.scores.summary(p.modelId);
  db.models.setStatus(p.modelId, 'ready');
  return { modelId: p.modelId, ...counts, accuracy: summary.accuracy, problems: firstProblems };
};
