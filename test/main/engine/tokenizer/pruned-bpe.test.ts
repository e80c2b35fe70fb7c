// The pruned GPT-2 byte-level BPE built from real HH-RLHF text: same ids as GPT-2, exact round trips, self-contained model folders.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { encode as gpt2Encode } from 'gpt-tokenizer/encoding/gpt2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HfTokenizer } from '../../../../src-main/engine/tokenizer/hf-tokenizer';
import {
  buildPrunedTokenizer,
  PRUNED_EOS,
  PRUNED_PAD,
  type PrunedTokenizer,
} from '../../../../src-main/engine/tokenizer/pruned-bpe';
import { Gpt2Config, gpt2TensorShapes } from '../../../../src-main/engine/weights/gpt2-config';
import { loadHfFolder, saveHfFolder } from '../../../../src-main/engine/weights/hf-folder';
import { shapeSize, type Tensor } from '../../../../src-main/engine/weights/tensor';

const HH = fileURLToPath(
  new URL('../../../../../shared/data/hh-rlhf/harmless-base-test-sample.jsonl.gz', import.meta.url),
);
const hasHH = existsSync(HH);
if (!hasHH) console.warn(`skipping pruned tokenizer tests: HH-RLHF sample not found at ${HH}`);

/** chosen and rejected transcripts of every pair, in file order. */
function hhTexts(): string[] {
  const lines = gunzipSync(readFileSync(HH))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return lines.flatMap((l) => {
    const row = JSON.parse(l) as { chosen: string; rejected: string };
    return [row.chosen, row.rejected];
  });
}

function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  return a.length === b.length && Array.from(a).every((x, i) => x === b[i]);
}

describe.skipIf(!hasHH)('buildPrunedTokenizer on the HH-RLHF sample', () => {
  let texts: string[];
  let train: string[];
  let heldOut: string[];
  let pruned: PrunedTokenizer;
  let dir: string;

  beforeAll(async () => {
    texts = hhTexts();
    train = texts.slice(0, 2000);
    heldOut = texts.slice(2000);
    pruned = await buildPrunedTokenizer(train, { minCount: 2 });
    dir = mkdtempSync(join(tmpdir(), 'tok-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps all GPT-2 ids the data uses (minCount 1) and then encodes exactly as GPT-2 does', async () => {
    const full = await buildPrunedTokenizer(train, { minCount: 1 });
    expect(full.stats.texts).toBe(2000);
    expect(full.stats.vocabSize).toBeLessThan(20_000);
    const mismatched = train.filter((t) => {
      const expected = gpt2Encode(t).map((id) => full.fromGpt2Id.get(id)!);
      return !same(full.tokenizer.encode(t), expected);
    });
    expect(mismatched).toEqual([]);
  });

  it('decodes every text, including held-out ones, back to itself', () => {
    for (const t of texts) expect(pruned.tokenizer.decode(pruned.tokenizer.encode(t))).toBe(t);
  });

  it('falls back to smaller pieces, down to bytes, for words the data never used', () => {
    const text = 'Antidisestablishmentarianism in Ωmega-ränge 🙂\u0000';
    const ids = pruned.tokenizer.encode(text);
    expect(pruned.tokenizer.decode(ids)).toBe(text);
    expect(Math.max(...ids)).toBeLessThan(pruned.tokenizer.eosId);
    expect(ids.length).toBeGreaterThan(gpt2Encode(text).length);
  });

  it('puts eos and pad last, as special tokens', () => {
    const tok = pruned.tokenizer;
    expect([tok.eosId, tok.padId]).toEqual([tok.vocabSize - 2, tok.vocabSize - 1]);
    expect(tok.decode([tok.eosId])).toBe(PRUNED_EOS);
    expect(Array.from(tok.encode(`a${PRUNED_PAD}`)).at(-1)).toBe(tok.padId);
  });

  it('respects maxVocab, most frequent tokens first', async () => {
    const small = await buildPrunedTokenizer(train, { minCount: 1, maxVocab: 1000 });
    expect(small.tokenizer.vocabSize).toBeLessThanOrEqual(1000);
    expect(small.tokenizer.vocabSize).toBeGreaterThan(900);
    expect(small.fromGpt2Id.has(gpt2Encode(' the')[0]!)).toBe(true);
    const sample = heldOut.slice(0, 50);
    for (const t of sample) expect(small.tokenizer.decode(small.tokenizer.encode(t))).toBe(t);
    const tokens = (tok: HfTokenizer) => sample.reduce((n, t) => n + tok.encode(t).length, 0);
    expect(tokens(small.tokenizer)).toBeGreaterThan(tokens(pruned.tokenizer));
  });

  it('survives a trip through a saved model folder with identical ids and special tokens', () => {
    const tok = pruned.tokenizer;
    const config = Gpt2Config.parse({
      model_type: 'gpt2',
      vocab_size: tok.vocabSize,
      n_positions: 8,
      n_embd: 4,
      n_layer: 1,
      n_head: 1,
    });
    const tensors = new Map<string, Tensor>();
    for (const [name, shape] of gpt2TensorShapes(config, true)) {
      tensors.set(name, { dtype: 'float32', shape, data: new Float32Array(shapeSize(shape)).fill(0.5) });
    }
    const folder = join(dir, 'model');
    saveHfFolder(folder, {
      config,
      tensors,
      tokenizerJson: tok.toJSON(),
      eosId: tok.eosId,
      padId: tok.padId,
    });
    const loaded = loadHfFolder(folder);
    const back = new HfTokenizer(loaded.tokenizerJson, loaded.tokenizerConfig);
    expect([back.vocabSize, back.eosId, back.padId]).toEqual([tok.vocabSize, tok.eosId, tok.padId]);
    const differing = texts.filter((t) => !same(back.encode(t), tok.encode(t)));
    expect(differing).toEqual([]);
  });
});
