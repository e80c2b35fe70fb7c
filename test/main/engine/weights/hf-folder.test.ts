// Loading and saving HF-layout GPT-2 folders, against the PyTorch-made fixture in test/fixtures/gpt2-tiny.
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeightsFormatError } from '../../../../src-main/engine/weights/errors';
import { gpt2TensorShapes } from '../../../../src-main/engine/weights/gpt2-config';
import { loadHfFolder, saveHfFolder } from '../../../../src-main/engine/weights/hf-folder';
import { readSafetensors, writeSafetensors } from '../../../../src-main/engine/weights/safetensors';
import type { Tensor } from '../../../../src-main/engine/weights/tensor';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/gpt2-tiny', import.meta.url));

interface Expected {
  cases: { ids: number[]; hiddenStates: number[][] }[];
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hf-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the fixture folder whose files a test may break. */
function fixtureCopy(): string {
  const copy = join(dir, 'model');
  cpSync(FIXTURE, copy, { recursive: true });
  return copy;
}

function loadError(folder: string): WeightsFormatError {
  try {
    loadHfFolder(folder);
  } catch (err) {
    if (err instanceof WeightsFormatError) return err;
    throw err;
  }
  throw new Error('loadHfFolder did not fail');
}

describe('loadHfFolder on the PyTorch fixture', () => {
  it('strips "transformer." and returns every GPT-2 tensor with its config shape', () => {
    const m = loadHfFolder(FIXTURE);
    expect(m.config).toMatchObject({ n_embd: 16, n_layer: 2, n_head: 2, vocab_size: 64, n_positions: 32 });
    expect(m.config.prefstudio).toEqual({ pooling: 'last', preset: 'fixture-tiny', head: 'reward' });
    expect(m.head).toBe('reward');
    const expected = gpt2TensorShapes(m.config, true);
    expect([...m.tensors.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, shape] of expected) expect(m.tensors.get(name)!.shape, name).toEqual(shape);
    expect(m.tokenizerJson.model).toMatchObject({ type: 'BPE' });
    expect(m.training).toBeNull();
  });

  it('holds the values PyTorch wrote: wte[id] + wpe[pos] equals the reference embedding output', () => {
    const m = loadHfFolder(FIXTURE);
    const ref = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as Expected;
    const wte = m.tensors.get('wte.weight')!.data;
    const wpe = m.tensors.get('wpe.weight')!.data;
    const d = m.config.n_embd;
    for (const c of ref.cases) {
      const emb = c.hiddenStates[0]!;
      c.ids.forEach((id, pos) => {
        for (let k = 0; k < d; k++)
          expect(wte[id * d + k]! + wpe[pos * d + k]!).toBeCloseTo(emb[pos * d + k]!, 5);
      });
    }
  });
});

describe('saveHfFolder', () => {
  it('writes a folder that loads back with identical tensors, in the layout transformers expects', () => {
    const src = loadHfFolder(FIXTURE);
    const out = join(dir, 'saved');
    saveHfFolder(out, {
      config: src.config,
      tensors: src.tensors,
      tokenizerJson: src.tokenizerJson,
      eosId: 0,
      padId: 0,
      training: { steps: 3 },
    });
    const back = loadHfFolder(out);
    expect(back.config).toMatchObject(src.config);
    for (const [name, t] of src.tensors)
      expect(Array.from(back.tensors.get(name)!.data), name).toEqual(Array.from(t.data));
    expect(back.training).toEqual({ steps: 3 });

    const raw = readSafetensors(join(out, 'model.safetensors'));
    expect(raw.metadata).toEqual({ format: 'pt' });
    expect(raw.tensors.has('transformer.wte.weight')).toBe(true);
    expect(raw.tensors.has('score.weight')).toBe(true);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({
      architectures: ['GPT2ForSequenceClassification'],
      id2label: { 0: 'LABEL_0' },
      pad_token_id: 0,
    });
    const tokConfig = JSON.parse(readFileSync(join(out, 'tokenizer_config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(tokConfig).toMatchObject({ eos_token: '<|endoftext|>', pad_token: '<|endoftext|>' });
  });

  it('refuses to save tensors that do not fit the config', () => {
    const src = loadHfFolder(FIXTURE);
    const tensors = new Map(src.tensors);
    tensors.delete('h.1.mlp.c_fc.bias');
    expect(() =>
      saveHfFolder(join(dir, 'x'), {
        config: src.config,
        tensors,
        tokenizerJson: src.tokenizerJson,
        eosId: 0,
        padId: 0,
      }),
    ).toThrow(/missing tensors for a 2-layer GPT-2: h\.1\.mlp\.c_fc\.bias/);
  });
});

describe('loadHfFolder errors', () => {
  function rewriteWeights(folder: string, edit: (t: Map<string, Tensor>) => void): void {
    const path = join(folder, 'model.safetensors');
    const { tensors } = readSafetensors(path);
    edit(tensors);
    writeSafetensors(path, tensors, { format: 'pt' });
  }

  it('names the tensor and both shapes when a shape disagrees with config.json', () => {
    const folder = fixtureCopy();
    rewriteWeights(folder, (t) => {
      const w = t.get('transformer.h.0.attn.c_attn.weight')!;
      t.set('transformer.h.0.attn.c_attn.weight', { ...w, shape: [48, 16] });
    });
    const err = loadError(folder);
    expect(err.message).toMatch(
      /tensor "h\.0\.attn\.c_attn\.weight": expected shape \[16, 48\] from config\.json, got \[48, 16\]/,
    );
    expect(err.details).toMatchObject({
      tensor: 'h.0.attn.c_attn.weight',
      expected: [16, 48],
      actual: [48, 16],
    });
  });

  it('skips attention buffers and the tied lm_head but rejects other stray tensors', () => {
    const folder = fixtureCopy();
    rewriteWeights(folder, (t) => {
      t.set('transformer.h.0.attn.bias', {
        dtype: 'float32',
        shape: [1, 1, 2, 2],
        data: new Float32Array(4),
      });
      t.set('lm_head.weight', t.get('transformer.wte.weight')!);
    });
    expect(loadHfFolder(folder).tensors.has('h.0.attn.bias')).toBe(false);
    rewriteWeights(folder, (t) =>
      t.set('transformer.h.0.attn.extra', { dtype: 'float32', shape: [1], data: new Float32Array(1) }),
    );
    expect(loadError(folder).message).toMatch(
      /unexpected tensors \(not GPT-2 parameters\): h\.0\.attn\.extra/,
    );
  });

  it('requires score.weight when config.json says the head is a reward head', () => {
    const folder = fixtureCopy();
    rewriteWeights(folder, (t) => t.delete('score.weight'));
    expect(loadError(folder).message).toMatch(/head "reward" but the weights have no score\.weight/);
  });

  it('loads a plain GPT-2 body (no reward head) as head "lm"', () => {
    const folder = fixtureCopy();
    rewriteWeights(folder, (t) => t.delete('score.weight'));
    const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
    delete config.prefstudio;
    writeFileSync(join(folder, 'config.json'), JSON.stringify(config));
    expect(loadHfFolder(folder).head).toBe('lm');
  });

  it('explains that pytorch_model.bin must be converted to safetensors', () => {
    const folder = fixtureCopy();
    renameSync(join(folder, 'model.safetensors'), join(folder, 'pytorch_model.bin'));
    expect(loadError(folder).message).toMatch(
      /pytorch_model\.bin: PyTorch pickle checkpoints are not supported.*convert it to a single model\.safetensors/,
    );
  });

  it('names the config field that is wrong', () => {
    const folder = fixtureCopy();
    const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(folder, 'config.json'), JSON.stringify({ ...config, activation_function: 'relu' }));
    expect(loadError(folder).message).toMatch(/config\.json: field "activation_function"/);
    writeFileSync(join(folder, 'config.json'), JSON.stringify({ ...config, n_head: 3 }));
    expect(loadError(folder).message).toMatch(/field "n_head": n_embd must be divisible by n_head/);
  });

  it('rejects a tokenizer whose ids do not fit vocab_size', () => {
    const folder = fixtureCopy();
    const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(folder, 'config.json'), JSON.stringify({ ...config, vocab_size: 32 }));
    rewriteWeights(folder, (t) => {
      const w = t.get('transformer.wte.weight')!;
      t.set('transformer.wte.weight', { dtype: 'float32', shape: [32, 16], data: w.data.slice(0, 32 * 16) });
    });
    expect(loadError(folder).message).toMatch(/tokenizer produces id 63 but config\.json vocab_size is 32/);
  });
});
