// Pairs: bulk insert, keyset-paged lists with previews and scores, exact counts, id-order streaming and hash lookups.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type {
  Pair,
  PageQuery,
  PairFilter,
  PairPage,
  PairSummary,
  ReviewStatus,
  SortKey,
} from '../shared/dto';
import { countByStep, countStep } from './count-query';
import { decodeCursor, encodeCursor, type CursorValue } from './cursor';
import { checkMarginQuery, hasMarginFilter, isMarginSort } from './margin-query';
import {
  chunkStep,
  FILTER_INDEX,
  lengthPlanFor,
  PAIR_COLUMNS,
  pageSteps,
  searchModeFor,
  SORT_COLUMN,
  type LengthPlan,
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

/** Read only when an import resumes: the pairs_dataset index, then each row's first page (migration 3). */
export const HASHES_IN_SQL = 'SELECT content_hash FROM pairs WHERE dataset_id = @datasetId';

/** Well under SQLite's bound-parameter limit (999 in builds before 3.32). */
export const HASH_CHUNK = 500;

/** Answered from the covering (content_hash) index of migration 2. */
export function idsByHashSql(n: number): string {
  return `SELECT content_hash, id FROM pairs WHERE content_hash IN (${Array(n).fill('?').join(', ')})
    ORDER BY content_hash, id`;
}

export class SqlitePairsRepo implements PairsRepo {
  private readonly insert: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly hashes: Database.Statement;
  private readonly childrenOf: Database.Statement;
  private readonly status: Database.Statement;
  private readonly cache: StatementCache;

  constructor(db: Database.Database) {
    this.insert = db.prepare(INSERT);
    this.byId = db.prepare(`SELECT ${PAIR_COLUMNS} FROM pairs p WHERE p.id = ?`);
    this.hashes = db.prepare(HASHES_IN_SQL).pluck();
    this.childrenOf = db.prepare(`SELECT ${PAIR_COLUMNS} FROM pairs p WHERE p.parent_id = ? ORDER BY p.id`);
    this.status = db.prepare('UPDATE pairs SET review_status = ? WHERE id = ?');
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
    checkMarginQuery(filter, sort);
    const after =
      query.after === undefined
        ? null
        : decodeCursor(query.after, sort === 'createdAt' ? 'string' : 'number');
    // One row beyond the page tells whether another page exists, so the last page carries no cursor.
    const wanted = limit + 1;
    // A margin sort lists only the pairs the model scored, so its total counts those.
    const scoredOnly = isMarginSort(sort) || hasMarginFilter(filter);
    // Skipping the total (later pages) matters for |margin| bands, the one total that counts index entries.
    const withTotal = query.withTotal !== false;
    const total = withTotal ? this.value(countStep(filter, scoredOnly)) : -1;
    const lengthSort = sort in SORT_COLUMN;
    // A length page walks the data set's or the global length index (migration 3): all its pairs are candidates.
    const searchMode =
      filter.search === undefined
        ? 'scan'
        : searchModeFor(
            withTotal ? total : this.value(countStep(filter, scoredOnly)),
            lengthSort
              ? this.value(
                  countStep(filter.datasetId === undefined ? {} : { datasetId: filter.datasetId }, false),
                )
              : this.value(countStep({ ...filter, search: undefined }, scoredOnly)),
            wanted,
          );
    const lengthPlan =
      filter.search === undefined && lengthSort ? this.lengthPlan(filter, wanted) : undefined;
    const rows: PairSummary[] = [];
    for (const step of pageSteps({ filter, sort, dir, after, searchMode, lengthPlan })) {
      const found = this.run(step, { limit: wanted - rows.length }) as PairSummaryRow[];
      rows.push(...found.map(toPairSummary));
      if (rows.length >= wanted) break;
    }
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const last = rows[rows.length - 1];
    return {
      rows,
      nextCursor: more && last !== undefined ? encodeCursor(sortValue(last, sort), last.id) : null,
      total,
    };
  }

  count(filter: PairFilter): number {
    checkMarginQuery(filter, 'id');
    return this.value(countStep(filter));
  }

  countBy(column: 'origin' | 'split', filter: PairFilter = {}): Record<string, number> {
    checkMarginQuery(filter, 'id');
    const rows = this.run(countByStep(column, filter), {}) as { key: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.n]));
  }

  /**
   * Reads one chunk at a time with `.all()` rather than holding a cursor open, so memory stays at one chunk and
   * the caller may write on this connection between chunks (better-sqlite3 forbids that while iterating).
   */
  *iterate(filter: PairFilter, chunkSize = 500): IterableIterator<Pair> {
    checkMarginQuery(filter, 'id');
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

  children(parentId: number): Pair[] {
    return (this.childrenOf.all(parentId) as PairRow[]).map(toPair);
  }

  setReviewStatus(ids: readonly number[], status: ReviewStatus | null): void {
    for (const id of ids) this.status.run(status, id);
  }

  hashesIn(datasetId: number): Set<string> {
    return new Set(this.hashes.all({ datasetId }) as string[]);
  }

  idsByHash(hashes: string[]): Map<string, number[]> {
    const unique = [...new Set(hashes)];
    const found = new Map<string, number[]>();
    for (let start = 0; start < unique.length; start += HASH_CHUNK) {
      const chunk = unique.slice(start, start + HASH_CHUNK);
      const rows = this.cache.get(idsByHashSql(chunk.length)).all(...chunk) as {
        content_hash: string;
        id: number;
      }[];
      for (const row of rows) {
        const ids = found.get(row.content_hash);
        if (ids === undefined) found.set(row.content_hash, [row.id]);
        else ids.push(row.id);
      }
    }
    return found;
  }

  /**
   * Plans a length page filtered by origin or split from exact pair_counts tallies; a data set alone has its own
   * (dataset_id, length) indexes. A margin filter narrows the matches further; they are taken as the pairs
   * passing the other filters, which only errs towards walking (counting a band is not free).
   */
  private lengthPlan(filter: PairFilter, limit: number): LengthPlan | undefined {
    if (filter.origin === undefined && filter.split === undefined) return undefined;
    const count = (f: PairFilter) => this.value(countStep(f, false));
    const drivers = FILTER_INDEX.filter(([key]) => filter[key] !== undefined).map(([key, index]) => ({
      index,
      rows: count({ [key]: filter[key] }),
    }));
    const { datasetId, origin, split } = filter;
    const scope = count(datasetId === undefined ? {} : { datasetId });
    return lengthPlanFor(count({ datasetId, origin, split }), scope, drivers, limit);
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
  if (q.modelId !== undefined) filter.modelId = q.modelId;
  if (q.absMarginMin !== undefined) filter.absMarginMin = q.absMarginMin;
  if (q.absMarginMax !== undefined) filter.absMarginMax = q.absMarginMax;
  if (q.disagree === true) filter.disagree = true;
  if (q.reviewStatus !== undefined) filter.reviewStatus = q.reviewStatus;
  return filter;
}

/** The value a cursor continues from; margin sorts only list scored rows, so the score is there. */
function sortValue(row: PairSummary, sort: SortKey): CursorValue {
  if (!isMarginSort(sort)) return row[sort];
  if (row.score === undefined) throw new Error(`Pair ${row.id} has no score to continue a ${sort} sort from`);
  return sort === 'margin' ? row.score.margin : Math.abs(row.score.margin);
}
