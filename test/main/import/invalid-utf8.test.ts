// Invalid UTF-8 in a source file: the row is rejected with an `invalid-utf8` issue naming file, line and field
// (JSONL, gzip, CSV, a JSON array, through a real import job), while a genuine U+FFFD in valid UTF-8 imports as is.
import { isUtf8 } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { Utf8LineCheck } from '../../../src-main/importers/utf8-lines';
import { seeded } from '../../support/reliability';
import { makeStudio, type TestStudio } from '../../support/studio';
import { collect } from './helpers';

let t: TestStudio | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const row = (chosen: string, rejected: string) =>
  Buffer.from(JSON.stringify({ chosen: `\n\nHuman: hi\n\nAssistant: ${chosen}`, rejected: `\n\nHuman: hi\n\nAssistant: ${rejected}` }));

/** Three HH rows; line 2's rejected response holds a lone 0xFF byte, line 3 a real U+FFFD (valid bytes EF BF BD). */
function mixed(): Buffer {
  const bad = row('fine', 'broken XX here');
  const at = bad.indexOf('XX');
  bad[at] = 0xff;
  bad[at + 1] = 0x41;
  return Buffer.concat([row('one', 'two'), Buffer.from('\n'), bad, Buffer.from('\n'), row('real \uFFFD char', 'other'), Buffer.from('\n')]);
}

async function checkLines(bytes: Buffer, chunk: number): Promise<Set<number>> {
  const check = new Utf8LineCheck();
  const done = new Promise<void>((resolve, reject) => {
    check.on('finish', resolve).on('error', reject);
  });
  check.resume();
  for (let i = 0; i < bytes.length; i += chunk) check.write(bytes.subarray(i, i + chunk));
  check.end();
  await done;
  return check.badLines;
}

describe('invalid UTF-8 in imports', () => {
  it('the line checker agrees with Buffer.isUtf8 on every line, whatever the chunking', async () => {
    const rand = seeded(7);
    const pieces = ['a', 'é', '€', '😀', '\n', '\uFFFD'].map((s) => Buffer.from(s));
    // Random lines of valid characters, some with a corrupting byte (stray continuation, bad lead, overlong, surrogate, cut).
    const corruptions = [[0x80], [0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]];
    const lines: Buffer[] = [];
    for (let l = 0; l < 200; l++) {
      const parts = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => pieces[Math.floor(rand() * 5) % 4 === 3 ? 3 : Math.floor(rand() * 4)]!);
      if (rand() < 0.3) parts.splice(Math.floor(rand() * parts.length), 0, Buffer.from(corruptions[Math.floor(rand() * corruptions.length)]!));
      lines.push(Buffer.concat(parts));
    }
    const expected = new Set(lines.flatMap((line, i) => (isUtf8(line) ? [] : [i + 1])));
    expect(expected.size).toBeGreaterThan(20);
    const bytes = Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')]));
    for (const chunk of [1, 2, 3, 5, 64, 1 << 16]) expect(await checkLines(bytes, chunk)).toEqual(expected);
  });

  it('a file ending inside a multi-byte sequence marks its last line', async () => {
    expect(await checkLines(Buffer.from([0x61, 0x0a, 0x62, 0xe2, 0x82]), 2)).toEqual(new Set([2]));
  });

  it('JSONL and gzip: the row is an issue naming file, line and field; a real U+FFFD imports', async () => {
    t = makeStudio();
    const plain = join(t.dir, 'mixed.jsonl');
    writeFileSync(plain, mixed());
    const gz = join(t.dir, 'mixed.jsonl.gz');
    writeFileSync(gz, gzipSync(mixed()));
    for (const path of [plain, gz]) {
      const r = await collect(path, { format: 'hh' });
      expect(r.pairs.map((p) => p.line)).toEqual([1, 3]);
      expect(r.pairs[1]?.chosen).toContain('real \uFFFD char');
      expect(r.issues).toHaveLength(1);
      const issue = r.issues[0]!;
      expect({ line: issue.line, field: issue.field, reason: issue.reason, kind: issue.kind }).toEqual({
        line: 2,
        field: 'rejected',
        reason: 'invalid-utf8',
        kind: 'error',
      });
      expect(issue.message).toMatch(/^mixed\.jsonl(\.gz)?:2, field "rejected": invalid UTF-8 bytes/);
    }
  });

  it('CSV and a JSON array name the line the bad record starts on', async () => {
    t = makeStudio();
    const csv = Buffer.concat([
      Buffer.from('prompt,chosen,rejected\nq1,a,b\n"q2\nspans",good,bad '),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\nq3,c,d\n'),
    ]);
    writeFileSync(join(t.dir, 'm.csv'), csv);
    const c = await collect(join(t.dir, 'm.csv'), { format: 'flat' });
    expect(c.pairs.map((p) => p.line)).toEqual([2, 5]);
    expect(c.issues.map((i) => [i.line, i.field, i.reason])).toEqual([[3, 'rejected', 'invalid-utf8']]);

    const array = Buffer.concat([Buffer.from('[\n'), row('x', 'y'), Buffer.from(',\n'), Buffer.from('{"chosen":"\\n\\nHuman: q\\n\\nAssistant: '), Buffer.from([0xf0, 0x9f]), Buffer.from('","rejected":"\\n\\nHuman: q\\n\\nAssistant: n"}\n]\n')]);
    writeFileSync(join(t.dir, 'm.json'), array);
    const j = await collect(join(t.dir, 'm.json'), { format: 'hh' });
    expect(j.pairs.map((p) => p.line)).toEqual([2]);
    expect(j.issues.map((i) => [i.line, i.field, i.reason])).toEqual([[3, 'chosen', 'invalid-utf8']]);
  });

  it('an import job stores the issue and not the row', async () => {
    t = makeStudio();
    const path = join(t.dir, 'mixed.jsonl');
    writeFileSync(path, mixed());
    await t.call('project.open', { path: join(t.dir, 'p.prefstudio'), create: true });
    const job = await t.call('import.start', { path });
    expect((await t.finished(job.id)).state).toBe('done');
    const issues = await t.call('import.issues', { jobId: job.id });
    expect(issues.rows.map((i) => [i.line, i.field, i.reason])).toEqual([[2, 'rejected', 'invalid-utf8']]);
    const pairs = await t.call('pairs.page', {});
    expect(pairs.rows.map((p) => p.chosenPreview.trim())).toEqual(['one', 'real \uFFFD char']);
  });
});
