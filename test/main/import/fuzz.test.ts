// Property tests with a seeded PRNG: garbage bytes, truncated lines, random JSON and mutated rows never crash the parser, every line is accounted for, and no good row is lost.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRow } from '../../../src-main/importers/parse-row';
import type { ImportFormat } from '../../../src-main/shared/dto';
import { collect } from './helpers';
import { mulberry32, type Rng } from '../../../src-main/engine/rng';

const dir = mkdtempSync(join(tmpdir(), 'ps-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Rand = Rng;
const int = (r: Rand, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rand, items: readonly T[]): T => items[int(r, items.length)] as T;
const word = (r: Rand): string =>
  pick(r, ['alpha', 'beta', 'ß', '漢字', '🙂', 'x y', '"q"', '\\', '\n\nHuman:', '\t', '']);
const text = (r: Rand): string => Array.from({ length: 1 + int(r, 6) }, () => word(r)).join(' ');

function randomJson(r: Rand, depth = 0): unknown {
  const kind = int(r, depth > 2 ? 5 : 7);
  if (kind === 0) return null;
  if (kind === 1) return r() < 0.5;
  if (kind === 2) return r() * 1e6 - 5e5;
  if (kind === 3) return text(r);
  if (kind === 4) return pick(r, ['chosen', 'rejected', 'prompt', '']);
  if (kind === 5) return Array.from({ length: int(r, 4) }, () => randomJson(r, depth + 1));
  const keys = ['prompt', 'chosen', 'rejected', 'response_0', 'better_response_id', 'tie', 'margin', text(r)];
  return Object.fromEntries(
    Array.from({ length: int(r, 5) }, () => [pick(r, keys), randomJson(r, depth + 1)]),
  );
}

const msg = (role: string, content: string): { role: string; content: string } => ({ role, content });

/** A valid row for each format; `i` makes its content unique. */
const VALID: Record<ImportFormat, (i: number, r: Rand) => Record<string, unknown>> = {
  flat: (i, r) => ({
    prompt: `q${i} ${text(r)}`,
    chosen: `good ${i}`,
    rejected: `bad ${i}`,
    extra_col: randomJson(r),
  }),
  'trl-standard': (i) => ({ chosen: `Question ${i}? yes indeed`, rejected: `Question ${i}? no way` }),
  hh: (i, r) => {
    const prompt = `\n\nHuman: q${i} ${text(r)}\n\nAssistant:`;
    return { chosen: `${prompt} good ${i}`, rejected: `${prompt} bad ${i}` };
  },
  'trl-conversational': (i) => ({
    prompt: [msg('user', `q${i}`)],
    chosen: [msg('assistant', `good ${i}`)],
    rejected: [msg('assistant', `bad ${i}`)],
  }),
  ultrafeedback: (i) => ({
    prompt: `q${i}`,
    chosen: [msg('user', `q${i}`), msg('assistant', `good ${i}`)],
    rejected: [msg('user', `q${i}`), msg('assistant', `bad ${i}`)],
    score_chosen: 8,
    score_rejected: i % 3,
  }),
  pku: (i) => ({
    prompt: `q${i}`,
    response_0: `a ${i}`,
    response_1: `b ${i}`,
    better_response_id: i % 2,
    safer_response_id: 0,
  }),
};

function validRow(format: ImportFormat, i: number, r: Rand): Record<string, unknown> {
  return VALID[format](i, r);
}

function mutate(row: Record<string, unknown>, r: Rand): Record<string, unknown> {
  const copy: Record<string, unknown> = structuredClone(row);
  const keys = Object.keys(copy);
  const key = pick(r, keys);
  const how = int(r, 5);
  if (how === 0) delete copy[key];
  else if (how === 1) copy[key] = randomJson(r);
  else if (how === 2) copy[key] = '';
  else if (how === 3) copy[pick(r, keys)] = copy[key];
  else copy[text(r)] = randomJson(r);
  return copy;
}

function garbageBytes(r: Rand): Buffer {
  // Any byte but the line terminators, so the line structure stays known.
  return Buffer.from(
    Array.from({ length: 1 + int(r, 120) }, () => {
      const b = int(r, 256);
      return b === 10 || b === 13 ? 0x41 : b;
    }),
  );
}

interface Generated {
  bytes: Buffer;
  goodLines: Map<number, Record<string, unknown>>;
}

function generate(format: ImportFormat, seed: number, count: number): Generated {
  const r = mulberry32(seed);
  const parts: Buffer[] = [];
  const goodLines = new Map<number, Record<string, unknown>>();
  for (let i = 0, line = 1; i < count; i++, line++) {
    const kind = i === 0 ? 0 : int(r, 6);
    let body: Buffer;
    if (kind === 0) {
      const row = validRow(format, i, r);
      goodLines.set(line, row);
      body = Buffer.from(JSON.stringify(row));
    } else if (kind === 1) body = garbageBytes(r);
    else if (kind === 2) {
      const full = JSON.stringify(validRow(format, i, r));
      body = Buffer.from(full.slice(0, int(r, full.length)));
    } else if (kind === 3) body = Buffer.from(JSON.stringify(randomJson(r)) ?? 'null');
    else if (kind === 4) body = Buffer.from(JSON.stringify(mutate(validRow(format, i, r), r)));
    else body = Buffer.from(pick(r, ['', '   ', '\t']));
    parts.push(body, Buffer.from(r() < 0.3 ? '\r\n' : '\n'));
  }
  if (r() < 0.5) parts.pop();
  return { bytes: Buffer.concat(parts), goodLines };
}

/** Independent count of the lines a reader must account for: decoded, split on LF, CR stripped, not blank. */
function nonBlankLines(bytes: Buffer): number {
  return new TextDecoder()
    .decode(bytes)
    .split('\n')
    .filter((line) => /\S/.test(line.endsWith('\r') ? line.slice(0, -1) : line)).length;
}

const FORMATS: ImportFormat[] = ['flat', 'trl-standard', 'hh', 'trl-conversational', 'ultrafeedback', 'pku'];

describe('fuzz: JSONL files full of damage', () => {
  it.each(FORMATS.flatMap((format) => [1, 2, 3].map((seed) => [format, seed] as const)))(
    '%s, seed %i',
    async (format, seed) => {
      const { bytes, goodLines } = generate(format, seed * 7919, 1500);
      const path = join(dir, `${format}-${seed}.jsonl`);
      writeFileSync(path, bytes);
      const { pairs, issues } = await collect(path, { format, pkuPreference: 'better' });
      expect(pairs.length + issues.length).toBe(nonBlankLines(bytes));
      const imported = new Set(pairs.map((p) => p.line));
      const lost = [...goodLines.keys()].filter((line) => !imported.has(line));
      expect(lost).toEqual([]);
      for (const pair of pairs)
        if (goodLines.has(pair.line)) expect(`${pair.prompt} ${pair.chosen}`).toContain(`${pair.line - 1}`);
      const lines = [...pairs.map((p) => p.line), ...issues.map((i) => i.line)];
      expect(new Set(lines).size).toBe(lines.length);
    },
  );
});

describe('fuzz: JSON array files', () => {
  it('imports every good element among random values and mutated rows', async () => {
    const r = mulberry32(42);
    const elements: unknown[] = [];
    const good: number[] = [];
    for (let i = 0; i < 800; i++) {
      const kind = int(r, 3);
      if (kind === 0) good.push(i);
      elements.push(
        kind === 0 ? validRow('flat', i, r) : kind === 1 ? randomJson(r) : mutate(validRow('flat', i, r), r),
      );
    }
    const path = join(dir, 'array.json');
    writeFileSync(path, JSON.stringify(elements, null, r() < 0.5 ? 2 : 0));
    const { pairs, issues } = await collect(path, { format: 'flat' });
    expect(pairs.length + issues.length).toBe(elements.length);
    const chosen = new Set(pairs.map((p) => p.chosen));
    expect(good.filter((i) => !chosen.has(`good ${i}`))).toEqual([]);
  });
});

describe('fuzz: parseRow on random values', () => {
  it('returns a pair or an issue for 20,000 random values in every format, never throwing', () => {
    const r = mulberry32(7);
    for (let i = 0; i < 20_000; i++) {
      const format = pick(r, FORMATS);
      const value = r() < 0.5 ? randomJson(r) : mutate(validRow(format, i, r), r);
      const row = parseRow(value, i + 1, 'fuzz.jsonl', {
        format,
        pkuPreference: pick(r, ['better', 'safer'] as const),
      });
      expect(row.ok ? row.pair.line : row.issue.line).toBe(i + 1);
    }
  });
});
