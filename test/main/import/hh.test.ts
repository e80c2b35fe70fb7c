// HH-RLHF parsing: the real sample, the turn-boundary edge cases, and transcript ↔ message conversion.
import { createGunzip } from 'node:zlib';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import {
  messagesToTranscript,
  splitTranscripts,
  transcriptToMessages,
} from '../../../src-main/importers/transcript';
import { HH_SAMPLE, HH_SKIP_NOTE, collect, fixture, hasHhSample, reasonsByLine } from './helpers';

async function sampleRows(): Promise<{ chosen: string; rejected: string }[]> {
  const rows: { chosen: string; rejected: string }[] = [];
  const lines = createInterface({
    input: createReadStream(HH_SAMPLE).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  for await (const line of lines)
    if (line.trim() !== '') rows.push(JSON.parse(line) as { chosen: string; rejected: string });
  return rows;
}

describe.skipIf(!hasHhSample)(`HH-RLHF real sample${HH_SKIP_NOTE}`, () => {
  it('imports 1,196 of 1,200 pairs; the 4 rejected rows have a whitespace-only chosen response', async () => {
    const { pairs, issues } = await collect(HH_SAMPLE, { format: 'hh' });
    expect(pairs).toHaveLength(1196);
    expect(issues.map((i) => [i.line, i.reason, i.field])).toEqual([
      [87, 'empty-response', 'chosen'],
      [517, 'empty-response', 'chosen'],
      [926, 'empty-response', 'chosen'],
      [1104, 'empty-response', 'chosen'],
    ]);
    expect(issues[0]?.message).toBe(
      'harmless-base-test-sample.jsonl.gz:87, field "chosen": the chosen response is empty',
    );
  });

  it('splits every pair so that prompt + response reproduces each transcript exactly', async () => {
    const rows = await sampleRows();
    const { pairs } = await collect(HH_SAMPLE, { format: 'hh' });
    for (const pair of pairs) {
      const source = rows[pair.line - 1];
      expect(pair.prompt + pair.chosen).toBe(source?.chosen);
      expect(pair.prompt + pair.rejected).toBe(source?.rejected);
      expect(pair.prompt.endsWith('\n\nAssistant:')).toBe(true);
      expect(pair.promptMessages?.[0]?.role).toBe('user');
      expect(pair.promptMessages?.at(-1)?.role).toBe('user');
      expect(pair.extra).toBeNull();
    }
  });
});

describe('HH edge cases (fixture)', () => {
  it('splits at the real common turn and reports diverging prompts as prefix-mismatch', async () => {
    const { pairs, issues } = await collect(fixture('hh-edge.jsonl'), { format: 'hh' });
    expect(pairs.map((p) => p.line)).toEqual([1, 2, 3, 4, 7]);
    expect(reasonsByLine(issues)).toEqual({
      5: 'prefix-mismatch',
      6: 'prefix-mismatch',
      8: 'prefix-mismatch',
    });
    const byLine = new Map(pairs.map((p) => [p.line, p]));
    // Chosen response contains "\n\nAssistant:": the split stays at the shared turn.
    expect(byLine.get(3)).toMatchObject({
      prompt: '\n\nHuman: Write a dialogue\n\nAssistant:',
      chosen: ' Sure.\n\nAssistant: I am the assistant speaking twice.',
      rejected: ' No thanks.',
    });
    // Rejected response continues with its own human turn.
    expect(byLine.get(4)?.rejected).toBe(' Yes.\n\nHuman: Thanks!\n\nAssistant: You are welcome.');
    // Responses sharing their first words are not cut mid-response.
    expect(byLine.get(2)).toMatchObject({
      chosen: ' Why did the chicken cross the road?',
      rejected: ' Why not.',
    });
    expect(byLine.get(7)?.extra).toEqual({
      id: 'hh-7',
      meta: { source: 'fixture', score: 0.5 },
      $source: { keys: ['id', 'chosen', 'rejected', 'meta'] },
    });
    expect(issues.find((i) => i.line === 6)?.message).toMatch(/before their last human turn/);
  });

  it('reports identical transcripts as identical-responses, not as a mismatch', () => {
    const t = '\n\nHuman: a\n\nAssistant: b';
    const split = splitTranscripts(t, t);
    expect(split.chosen).toBe(split.rejected);
  });
});

describe('transcripts and messages', () => {
  it('parses a multi-turn prompt into messages and renders it back', () => {
    const prompt = 'Be kind.\n\nHuman: Hi there\n\nAssistant: Hello!\n\nHuman: Bye\n\nAssistant:';
    const messages = transcriptToMessages(prompt);
    expect(messages).toEqual([
      { role: 'system', content: 'Be kind.' },
      { role: 'user', content: 'Hi there' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'Bye' },
    ]);
    expect(messagesToTranscript(messages)).toBe(prompt);
  });
});
