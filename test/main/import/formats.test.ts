// Each import format on its fixture: flat (aliases, CSV, TSV mapping, nested paths), trl-standard, trl-conversational, ultrafeedback, pku.
import { describe, expect, it } from 'vitest';
import { parseRow } from '../../../src-main/importers/parse-row';
import { collect, fixture, reasonsByLine } from './helpers';

describe('flat', () => {
  it('reads prompt/chosen/rejected with tie, margin and split columns; unknown columns go to extra', async () => {
    const { pairs, issues } = await collect(fixture('flat.jsonl'), { format: 'flat' });
    expect(issues).toEqual([]);
    expect(pairs.map((p) => [p.prompt, p.chosen, p.rejected, p.tie, p.strength, p.split])).toEqual([
      ['What is the capital of France?', 'Paris.', 'Lyon.', false, null, null],
      ['Say hi', 'Hi!', 'Go away.', false, 1.5, 'test'],
      ['Pick one', 'A', 'B', true, null, 'validation'],
    ]);
    expect(pairs[1]?.extra).toMatchObject({ id: 2, annotator: 'a1' });
    expect(pairs[2]?.extra).toMatchObject({ notes: null });
  });

  it('maps aliases (instruction, chosen_response, score_diff) in a JSON array file', async () => {
    const { pairs } = await collect(fixture('flat-aliases.json'), { format: 'flat' });
    expect(pairs.map((p) => [p.line, p.prompt, p.chosen, p.strength, p.extra?.lang])).toEqual([
      [2, "Translate 'chat' to English", 'cat', null, 'fr'],
      [8, 'Add 2 and 3', '5', 2, 'en'],
    ]);
  });

  it('reads CSV with quoted multi-line fields and word flags', async () => {
    const { pairs, issues } = await collect(fixture('flat.csv'), { format: 'flat' });
    expect(issues).toEqual([]);
    expect(pairs.map((p) => [p.line, p.tie, p.strength, p.split])).toEqual([
      [2, false, 0.5, 'train'],
      [3, false, null, 'test'],
      [7, true, null, null],
    ]);
    expect(pairs[1]?.chosen).toBe('Old pond,\r\nfrog jumps in,\r\nsplash');
  });

  it('follows a user mapping in TSV and reports the broken record as malformed-csv', async () => {
    const mapping = { prompt: 'question', chosen: 'answer_good', rejected: 'answer_bad' };
    const { pairs, issues } = await collect(fixture('flat-mapped.tsv'), { format: 'flat', mapping });
    expect(pairs.map((p) => [p.prompt, p.chosen, p.rejected, p.extra?.id])).toEqual([
      ['What is 3x3?', '9', '6', 'q1'],
      ['Spell cat', 'c-a-t', 'k-a-t', 'q2'],
    ]);
    expect(reasonsByLine(issues)).toEqual({ 4: 'malformed-csv' });
  });

  it('follows nested mapping paths and names a missing mapped field', async () => {
    const mapping = { prompt: 'data.q', chosen: 'data.good', rejected: 'data.bad' };
    const { pairs } = await collect(fixture('flat-nested.jsonl'), { format: 'flat', mapping });
    expect(pairs.map((p) => [p.prompt, p.chosen, p.rejected])).toEqual([
      ['Largest planet?', 'Jupiter', 'Mars'],
      ['Smallest prime?', '2', '1'],
    ]);
    const wrong = await collect(fixture('flat-nested.jsonl'), {
      format: 'flat',
      mapping: { ...mapping, chosen: 'data.best' },
    });
    expect(wrong.issues.map((i) => [i.reason, i.field])).toEqual([
      ['missing-field', 'data.best'],
      ['missing-field', 'data.best'],
    ]);
  });
});

describe('trl-standard', () => {
  it('takes an explicit prompt, or splits the implicit one at a word boundary', async () => {
    const { pairs, issues } = await collect(fixture('trl-standard.jsonl'), { format: 'trl-standard' });
    expect(pairs.map((p) => [p.prompt, p.chosen, p.rejected])).toEqual([
      ['The sky is', ' blue.', ' green.'],
      ['The answer to 2+2 is ', 'four.', 'five.'],
      ['Q: best pet?\nA: ', 'cats', 'capybaras'],
    ]);
    expect(reasonsByLine(issues)).toEqual({ 4: 'prefix-mismatch' });
  });
});

describe('trl-conversational', () => {
  it('reads explicit and implicit prompts, renders a readable prompt and keeps the messages', async () => {
    const { pairs, issues } = await collect(fixture('trl-conversational.jsonl'), {
      format: 'trl-conversational',
    });
    expect(pairs.map((p) => [p.prompt, p.chosen, p.rejected])).toEqual([
      ['What color is the sky?', 'It is blue.', 'It is green.'],
      ['System: Be brief.\n\nUser: Capital of Italy?', 'Rome.', 'Milan, probably.'],
      ['Hi', 'Hello Bob!', 'Who are you?'],
      ['Plain string prompt', 'Yes.', 'No.'],
    ]);
    expect(pairs[1]?.promptMessages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Capital of Italy?' },
    ]);
    expect(pairs[1]?.extra).toMatchObject({ id: 'c2' });
    expect(reasonsByLine(issues)).toEqual({ 5: 'prefix-mismatch' });
  });

  it('names the bad element of a message list', async () => {
    const row = parseRow(
      { prompt: [{ role: 'user', content: 'q' }], chosen: [], rejected: [] },
      3,
      'f.jsonl',
      {
        format: 'trl-conversational',
        pkuPreference: 'better',
      },
    );
    expect(row.ok ? null : [row.issue.reason, row.issue.field]).toEqual(['wrong-type', 'chosen']);
    const bad = parseRow(
      {
        prompt: [{ role: 'user', content: 7 }],
        chosen: [{ role: 'assistant', content: 'a' }],
        rejected: [{ role: 'assistant', content: 'b' }],
      },
      3,
      'f.jsonl',
      {
        format: 'trl-conversational',
        pkuPreference: 'better',
      },
    );
    expect(bad.ok ? null : [bad.issue.reason, bad.issue.field]).toEqual(['wrong-type', 'prompt[0].content']);
  });
});

describe('ultrafeedback', () => {
  it('pairs the last assistant replies, with strength = score gap and tie on equal scores', async () => {
    const { pairs, issues } = await collect(fixture('ultrafeedback.jsonl'), { format: 'ultrafeedback' });
    expect(issues).toEqual([]);
    expect(pairs.map((p) => [p.prompt, p.chosen, p.rejected, p.strength, p.tie])).toEqual([
      ['How many legs does a spider have?', 'Eight.', 'Six.', 4.5, false],
      ['Is water wet?', 'It depends on the definition.', 'Maybe.', 0, true],
      ['Name a prime', 'Seven', 'Nine', 6, false],
    ]);
    expect(pairs[0]?.extra).toMatchObject({ prompt_id: 'p1', score_chosen: 9, score_rejected: 4.5 });
    expect(pairs[0]?.extra).not.toHaveProperty('messages');
  });
});

describe('pku', () => {
  it('labels the pair by the chosen criterion and keeps the other columns', async () => {
    const better = await collect(fixture('pku.jsonl'), { format: 'pku', pkuPreference: 'better' });
    const safer = await collect(fixture('pku.jsonl'), { format: 'pku', pkuPreference: 'safer' });
    expect(better.pairs.map((p) => p.chosen)).toEqual([
      'Use a tension wrench and a pick.',
      'Octopuses have three hearts.',
    ]);
    expect(safer.pairs.map((p) => p.chosen)).toEqual(["I can't help with that.", 'Bananas are berries.']);
    expect(better.pairs[0]?.extra).toMatchObject({
      safer_response_id: 0,
      is_response_1_safe: false,
      response_1_severity_level: 2,
    });
  });
});
