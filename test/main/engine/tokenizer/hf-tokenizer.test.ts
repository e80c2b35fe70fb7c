// HfTokenizer over a pretrained-style tokenizer.json: the fixture's character vocabulary, special-token resolution, errors.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TokenizerError } from '../../../../src-main/engine/tokenizer/errors';
import { HfTokenizer } from '../../../../src-main/engine/tokenizer/hf-tokenizer';
import { loadHfFolder } from '../../../../src-main/engine/weights/hf-folder';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/gpt2-tiny', import.meta.url));
const expected = JSON.parse(readFileSync(`${FIXTURE}/expected.json`, 'utf8')) as {
  cases: { text: string; ids: number[] }[];
};

describe('HfTokenizer', () => {
  const folder = loadHfFolder(FIXTURE);

  it('gives the ids the PyTorch reference used, and decodes them back', () => {
    const tok = new HfTokenizer(folder.tokenizerJson, folder.tokenizerConfig);
    for (const c of expected.cases) {
      const ids = tok.encode(c.text);
      expect(ids).toBeInstanceOf(Int32Array);
      expect(Array.from(ids)).toEqual(c.ids);
      expect(tok.decode(ids)).toBe(c.text);
    }
    expect(tok.decode([])).toBe('');
  });

  it('finds eos by its usual name and uses it as pad when there is no pad token', () => {
    const tok = new HfTokenizer(folder.tokenizerJson);
    expect([tok.vocabSize, tok.eosId, tok.padId]).toEqual([64, 0, 0]);
  });

  it('takes eos and pad from tokenizer_config.json names, in string or { content } form', () => {
    const tok = new HfTokenizer(folder.tokenizerJson, { eos_token: { content: 'z' }, pad_token: '<unk>' });
    expect([tok.eosId, tok.padId]).toEqual([28, 1]);
  });

  it('maps characters outside the vocabulary to the unknown token', () => {
    const tok = new HfTokenizer(folder.tokenizerJson);
    expect(Array.from(tok.encode('a~'))).toEqual([3, 1]);
  });

  it('refuses ids outside the vocabulary when decoding', () => {
    const tok = new HfTokenizer(folder.tokenizerJson);
    expect(() => tok.decode([3, 64])).toThrow(/token id 64 is outside the vocabulary \(size 64\)/);
  });

  it('raises TokenizerError for unusable files and unknown special tokens', () => {
    expect(() => new HfTokenizer({ model: { type: 'Nope' } })).toThrow(TokenizerError);
    expect(() => new HfTokenizer(folder.tokenizerJson, { pad_token: '<pad>' })).toThrow(
      /pad_token "<pad>" is not in the tokenizer's vocabulary/,
    );
    const noEos = {
      ...folder.tokenizerJson,
      added_tokens: [],
      model: { ...(folder.tokenizerJson.model as object), vocab: { a: 0, b: 1 } },
    };
    expect(() => new HfTokenizer(noEos)).toThrow(/no end-of-sequence token/);
  });
});
