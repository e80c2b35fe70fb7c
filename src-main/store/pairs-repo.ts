// Pairs: bulk insert, keyset-paged lists with previews, exact counts, id-order streaming and duplicate hashes.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Pair, PageQuery, PairFilter, PairPage, PairSummary, SortKey } from '../shared/dto';
import { decodeCursor, encodeCursor } from './cursor';
import {
  chunkStep,
  countByStep,
  countStep,
  PAIR_COLUMNS,
  pageSteps,
  searchModeFor,
  type SqlStep,
} from './pair-query';
import { now, toJson, toPair, toPairSummary, type PairRow, type PairSummaryRow } from './rows';
import { StatementCache } from './statement-cache';
import type { NewPair, PairsRepo } from './types';

/** sha256 hex of prompt NUL chosen NUL rejected: the identity used for duplicate detection. */
export function contentHash(prompt: string, chosen: string, rejected: string): string {
  return createHash('sha256')
    .update(prompt)
    .update('\0')
    .update(chosen)
    .update('\0')
    .update(rejected)
    .digest('hex');
}

/**
 * created_at never goes below the newest pair's, even if the clock stepped back or another connection committed
 * a later stamp first: lists sort by creation in id order, which needs no index of its own (see migration 1).
 * Taking the max inside the INSERT makes it atomic with the row under SQLite's write lock.
 */
const INSERT = `INSERT INTO pairs (dataset_id, split, origin, tie, strength, parent_id, round, model_id, source_format,
  source_line, content_hash, created_at, updated_at, provenance, extra, prompt_messages, prompt, chosen, rejected)
  VALUES (@datasetId, @split, @origin, @tie, @strength, @parentId, @round, @modelId, @sourceFormat, @sourceLine,
  @contentHash, max(@createdAt, coalesce((SELECT created_at FROM pairs ORDER BY id DESC LIMIT 1), '')), @createdAt,
  @provenance, @extra, @promptMessages, @prompt, @chosen, @rejected)`;

/** Answered from the covering (dataset_id, content_hash) index, without touching the pairs' rows. */
export const HASHES_IN_SQL = 'SELECT content_hash FROM pairs WHERE dataset_id = @datasetId';

export class SqlitePairsRepo implements PairsRepo {
  private readonly insert: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly hashes: Database.Statement;
  private readonly cache: StatementCache;

  constructor(db: Database.Database) {
    this.insert = db.prepare(INSERT);
    this.byId = db.prepare(`SELECT ${PAIR_COLUMNS} FROM pairs p WHERE p.id = ?`);
    this.hashes = db.prepare(HASHES_IN_SQL).pluck();
    this.cache = new StatementCache(db);
  }

  insertMany(pairs: NewPair[]): number[] {
    const createdAt = now();
    return pairs.map((p) => {
      const info = this.insert.run({
        datasetId: p.datasetId,
        split: p.split,
        origin: p.origin,
        tie: p.tie === true ? 1 : 0,
        strength: p.strength ?? null,
        parentId: p.parentId ?? null,
        round: p.round ?? null,
        modelId: p.modelId ?? null,
        sourceFormat: p.sourceFormat ?? null,
        sourceLine: p.sourceLine ?? null,
        contentHash: contentHash(p.prompt, p.chosen, p.rejected),
        createdAt,
        provenance: toJson(p.provenance),
        extra: toJson(p.extra),
        promptMessages: toJson(p.promptMessages),
        prompt: p.prompt,
        chosen: p.chosen,
        rejected: p.rejected,
      });
      return Number(info.lastInsertRowid);
    });
  }

  get(id: number): Pair | null {
    const row = this.byId.get(id) as PairRow | undefined;
    return row === undefined ? null : toPair(row);
  }

  page(query: PageQuery): PairPage {
    const sort: SortKey = query.sort ?? 'id';
    const dir = query.dir ?? 'asc';
    const limit = query.limit ?? 50;
    const filter = filterOf(query);
    const after =
      query.after === undefined
        ? null
        : decodeCursor(query.after, sort === 'createdAt' ? 'string' : 'number');
    // One row beyond the page tells whether another page exists, so the last page carries no cursor.
    const wanted = limit + 1;
    const total = this.count(filter);
    const searchMode =
      filter.search === undefined
        ? 'scan'
        : searchModeFor(total, this.count({ ...filter, search: undefined }), wanted);
    const rows: PairSummary[] = [];
    for (const step of pageSteps({ filter, sort, dir, after, searchMode })) {
      const found = this.run(step, { limit: wanted - rows.length }) as PairSummaryRow[];
      rows.push(...found.map(toPairSummary));
      if (rows.length >= wanted) break;
    }
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const last = rows[rows.length - 1];
    return {
      rows,
      nextCursor: more && last !== undefined ? encodeCursor(last[sort], last.id) : null,
      total,
    };
  }

  count(filter: PairFilter): number {
    return this.value(countStep(filter));
  }

  countBy(column: 'origin' | 'split', filter: PairFilter = {}): Record<string, number> {
    const rows = this.run(countByStep(column, filter), {}) as { key: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.n]));
  }

  /**
   * Reads one chunk at a time with `.all()` rather than holding a cursor open, so memory stays at one chunk and
   * the caller may write on this connection between chunks (better-sqlite3 forbids that while iterating).
   */
  *iterate(filter: PairFilter, chunkSize = 500): IterableIterator<Pair> {
    const step = chunkStep(filter);
    let afterId = 0;
    for (;;) {
      const rows = this.run(step, { afterId, limit: chunkSize }) as PairRow[];
      for (const row of rows) yield toPair(row);
      const last = rows[rows.length - 1];
      if (last === undefined || rows.length < chunkSize) return;
      afterId = last.id;
    }
  }

  hashesIn(datasetId: number): Set<string> {
    return new Set(this.hashes.all({ datasetId }) as string[]);
  }

  private run(step: SqlStep, extra: Record<string, number>): unknown[] {
    return this.cache.get(step.sql).all({ ...step.params, ...extra });
  }

  private value(step: SqlStep): number {
    return this.cache.get(step.sql).pluck().get(step.params) as number;
  }
}

function filterOf(q: PageQuery): PairFilter {
  const filter: PairFilter = {};
  if (q.datasetId !== undefined) filter.datasetId = q.datasetId;
  if (q.origin !== undefined) filter.origin = q.origin;
  if (q.split !== undefined) filter.split = q.split;
  if (q.search !== undefined) filter.search = q.search;
  return filter;
}
