// Reads a source file as records in constant memory: JSONL line by line, one JSON array element by element, CSV/TSV via csv-parse; gzip is transparent.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform, pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ErrorCode, StudioError } from '../shared/errors';
import { csvRecords } from './csv-records';
import { JsonArrayScanner } from './json-array';
import type { ReadOptions, SourceKind, SourceRecord } from './types';
import { Utf8LineCheck } from './utf8-lines';

const CHUNK_BYTES = 1 << 16;
const NOT_BLANK = /\S/;

/** The record layout a file name implies; `.gz` is looked through. Unknown extensions are read as JSONL. */
export function sourceKind(path: string): SourceKind {
  const name = basename(path).toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.tsv') || name.endsWith('.tab')) return 'tsv';
  if (name.endsWith('.json')) return 'json';
  return 'jsonl';
}

/** Async iterable of the file's non-blank records, each with the 1-based line it starts on. */
export async function* readRecords(path: string, options: ReadOptions = {}): AsyncGenerator<SourceRecord> {
  const kind = options.kind ?? sourceKind(path);
  const utf8 = new Utf8LineCheck();
  const bytes = await openBytes(path, options, utf8);
  try {
    const records =
      kind === 'csv' || kind === 'tsv'
        ? csvRecords(bytes, kind === 'tsv' ? '\t' : ',')
        : kind === 'json'
          ? jsonRecords(withoutBom(bytes.setEncoding('utf8')))
          : lineRecords(withoutBom(bytes.setEncoding('utf8')));
    // The checker has seen a record's bytes before the decoder could hand the record over.
    for await (const record of records) {
      const last = record.line + (record.text.match(/\n/g)?.length ?? 0);
      yield utf8.hits(record.line, last) ? { ...record, invalidUtf8: true } : record;
    }
  } catch (err) {
    throw readError(path, err);
  } finally {
    bytes.destroy();
  }
}

async function openBytes(path: string, options: ReadOptions, utf8: Utf8LineCheck): Promise<Readable> {
  options.signal?.throwIfAborted();
  let total: number;
  let gzip: boolean;
  try {
    total = (await stat(path)).size;
    const handle = await open(path, 'r');
    try {
      const magic = Buffer.alloc(2);
      const { bytesRead } = await handle.read(magic, 0, 2, 0);
      gzip =
        path.toLowerCase().endsWith('.gz') || (bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b);
    } finally {
      await handle.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') {
      throw new StudioError(ErrorCode.FileNotFound, `${path}: no such file`, { path });
    }
    throw err;
  }
  let read = 0;
  const onBytes = options.onBytes;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      read += chunk.length;
      onBytes?.(read, total);
      done(null, chunk);
    },
  });
  const source = createReadStream(path, { highWaterMark: CHUNK_BYTES, signal: options.signal });
  // pipeline() destroys every stage on failure, so an error anywhere surfaces in the consumer's loop.
  const ignore = (): void => undefined;
  return gzip
    ? pipeline(source, counter, createGunzip(), utf8, ignore)
    : pipeline(source, counter, utf8, ignore);
}

function readError(path: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (code.startsWith('Z_')) {
    // The file is at fault, not the request: the CLI exits 1, not with the usage code.
    return new StudioError(
      ErrorCode.SourceCorrupt,
      `${path}: corrupt gzip data (${(err as Error).message})`,
      { path },
    );
  }
  return err;
}

async function* withoutBom(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let first = true;
  for await (const chunk of chunks) {
    yield first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
    first = false;
  }
}

/** Splits on "\n" and drops a trailing "\r", so LF, CRLF and a missing final newline all read alike. */
async function* lineRecords(chunks: AsyncIterable<string>): AsyncGenerator<SourceRecord> {
  let pending: string[] = [];
  let line = 0;
  for await (const chunk of chunks) {
    let start = 0;
    let nl = chunk.indexOf('\n');
    while (nl !== -1) {
      line++;
      const piece = chunk.slice(start, nl);
      const text = pending.length > 0 ? pending.join('') + piece : piece;
      pending = [];
      const trimmed = text.endsWith('\r') ? text.slice(0, -1) : text;
      if (NOT_BLANK.test(trimmed)) yield { line, text: trimmed };
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) pending.push(chunk.slice(start));
  }
  const last = pending.join('');
  if (NOT_BLANK.test(last)) yield { line: line + 1, text: last.endsWith('\r') ? last.slice(0, -1) : last };
}

/** A `.json` file holding one array streams element by element; anything else is read as JSON lines. */
async function* jsonRecords(chunks: AsyncIterable<string>): AsyncGenerator<SourceRecord> {
  const iterator = chunks[Symbol.asyncIterator]();
  let head = '';
  let next = await iterator.next();
  while (!next.done && !NOT_BLANK.test(head + next.value)) {
    head += next.value;
    next = await iterator.next();
  }
  if (next.done) return;
  const first = head + next.value;
  const rest: AsyncIterable<string> = { [Symbol.asyncIterator]: () => iterator };
  const opening = first.search(NOT_BLANK);
  if (first[opening] !== '[') {
    yield* lineRecords(prepend(first, rest));
    return;
  }
  const before = first.slice(0, opening);
  const scanner = new JsonArrayScanner(1 + (before.match(/\n/g)?.length ?? 0));
  yield* scanner.push(first.slice(opening + 1));
  for await (const chunk of rest) yield* scanner.push(chunk);
  yield* scanner.end();
}

async function* prepend(first: string, rest: AsyncIterable<string>): AsyncGenerator<string> {
  yield first;
  yield* rest;
}
