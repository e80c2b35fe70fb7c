// CSV/TSV records via csv-parse (header row, quoted multi-line fields), each with the line it starts on; broken records come out as records with an error.
import { parse, type CsvError } from 'csv-parse';
import type { Readable } from 'node:stream';
import type { SourceRecord } from './types';

interface ParsedCsv {
  record: Record<string, string>;
  raw: string;
  info: { lines: number };
}

interface SkippedCsv {
  skipped: CsvError;
  raw: string;
}

export async function* csvRecords(bytes: Readable, delimiter: string): AsyncGenerator<SourceRecord> {
  const parser = parse({
    columns: true,
    delimiter,
    bom: true,
    info: true,
    raw: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // Pushed into the parser's own output so broken records stay in line order with good ones.
    on_skip: (err, raw) => {
      if (err !== undefined) parser.push({ skipped: err, raw: raw ?? '' } satisfies SkippedCsv);
      return undefined;
    },
  });
  bytes.on('error', (err) => parser.destroy(err));
  bytes.pipe(parser);
  // csv-parse counts a CRLF inside a quoted field as two lines; subtract those it has seen so far.
  let overcount = 0;
  for await (const item of parser as AsyncIterable<ParsedCsv | SkippedCsv>) {
    const body = item.raw.replace(/^[\r\n]+/, '').replace(/\r?\n$|\r$/, '');
    overcount += body.match(/\r\n/g)?.length ?? 0;
    if ('skipped' in item) {
      const line = typeof item.skipped.lines === 'number' ? item.skipped.lines - overcount : 0;
      yield { line, text: body, error: item.skipped.message };
      continue;
    }
    const inner = body.match(/\n/g)?.length ?? 0;
    yield { line: item.info.lines - overcount - inner, text: body, value: item.record };
  }
}
