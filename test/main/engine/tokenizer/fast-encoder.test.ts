// The fast encoder must give exactly the ids of the saved tokenizer.json, on data it was built from and on new text.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fastEncoder } from '../../../../src-main/engine/tokenizer/fast-encoder';
import { buildPrunedTokenizer } from '../../../../src-main/engine/tokenizer/pruned-bpe';
import { HH_MISSING_REASON, HH_PRESENT, HH_SAMPLE } from '../../../support/hh';

describe.skipIf(!HH_PRESENT)(`fast encoder (${HH_PRESENT ? 'HH present' : HH_MISSING_REASON})`, () => {
  it('matches the tokenizer.json path id for id, with and without pruned-away tokens', async () => {
    const rows = gunzipSync(readFileSync(HH_SAMPLE))
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { chosen: string; rejected: string });
    const texts = rows.flatMap((r) => [r.chosen, r.rejected]);
    const train = texts.slice(0, 1600);
    const { tokenizer } = await buildPrunedTokenizer(train, { minCount: 2 });
    const encode = await fastEncoder(tokenizer);
    // Held-out texts and odd characters take the fallback for some words; the result must not change.
    for (const text of [...texts.slice(1500, 1900), 'naïve façade — 東京 🤖 \u0000 <|endoftext|>']) {
      expect(Array.from(encode(text))).toEqual(Array.from(tokenizer.encode(text)));
    }
  });
});
