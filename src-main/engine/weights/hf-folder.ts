// Loads and saves GPT-2 models as Hugging Face folders (config.json, model.safetensors, tokenizer.json) that Python transformers also reads.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WeightsFormatError } from './errors';
import { Gpt2Config, gpt2TensorShapes } from './gpt2-config';
import { readSafetensors, writeSafetensors } from './safetensors';
import { formatShape, type Tensor } from './tensor';

/** A model folder read from disk, tensor names normalised to the bare GPT-2 names (`wte.weight`, `h.0.ln_1.bias`, ...). */
export interface HfModelFolder {
  dir: string;
  config: Gpt2Config;
  tensors: Map<string, Tensor>;
  /** 'reward' when the folder carries `score.weight`, else 'lm' (the caller initialises a fresh reward head). */
  head: 'reward' | 'lm';
  tokenizerJson: Record<string, unknown>;
  /** tokenizer_config.json when present: names the eos/pad tokens of pretrained tokenizers. */
  tokenizerConfig: Record<string, unknown> | null;
  /** prefstudio.json (our training metadata) when present. */
  training: Record<string, unknown> | null;
}

/** What saveHfFolder needs; tensors use the bare GPT-2 names. */
export interface HfModelToSave {
  config: Gpt2Config;
  tensors: ReadonlyMap<string, Tensor>;
  tokenizerJson: Record<string, unknown>;
  eosId: number;
  padId: number;
  /** Written as prefstudio.json: run id, data set, metrics, ... */
  training?: Record<string, unknown>;
}

/** Checkpoint entries that are buffers or tied copies, not parameters: skipped on load. */
const IGNORED = [/^h\.\d+\.attn\.(masked_)?bias$/, /^lm_head\.weight$/];

const UNSUPPORTED_WEIGHTS: Record<string, string> = {
  'pytorch_model.bin': 'PyTorch pickle checkpoints are not supported (loading them would run arbitrary code)',
  'model.safetensors.index.json': 'sharded safetensors checkpoints are not supported',
  'tf_model.h5': 'TensorFlow checkpoints are not supported',
};
const CONVERT_HINT =
  'convert it to a single model.safetensors, e.g. in Python: ' +
  'AutoModel.from_pretrained(dir).save_pretrained(out, safe_serialization=True, max_shard_size="100GB")';

function readJson(path: string, required: boolean): Record<string, unknown> | null {
  if (!existsSync(path)) {
    if (required) throw new WeightsFormatError(path, 'file is missing from the model folder');
    return null;
  }
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (err) {
    throw new WeightsFormatError(path, `invalid JSON (${(err as Error).message})`);
  }
}

function parseConfig(path: string): Gpt2Config {
  const raw = readJson(path, true)!;
  const parsed = Gpt2Config.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    throw new WeightsFormatError(path, `field "${field}": ${issue.message}`, { field });
  }
  return parsed.data;
}

/** Bare GPT-2 name for a checkpoint entry, or null for entries that are not parameters. */
export function normaliseTensorName(name: string): string | null {
  const bare = name.startsWith('transformer.') ? name.slice('transformer.'.length) : name;
  return IGNORED.some((re) => re.test(bare)) ? null : bare;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Checks names and shapes against the config; every message names the tensor and both shapes. */
function validateTensors(file: string, config: Gpt2Config, tensors: Map<string, Tensor>): 'reward' | 'lm' {
  const hasScore = tensors.has('score.weight');
  if (config.prefstudio?.head === 'reward' && !hasScore) {
    throw new WeightsFormatError(
      file,
      'config.json says head "reward" but the weights have no score.weight',
      { tensor: 'score.weight' },
    );
  }
  const expected = gpt2TensorShapes(config, hasScore);
  const missing = [...expected.keys()].filter((n) => !tensors.has(n));
  if (missing.length > 0) {
    const list =
      missing.slice(0, 5).join(', ') + (missing.length > 5 ? `, ... (${missing.length} in all)` : '');
    throw new WeightsFormatError(file, `missing tensors for a ${config.n_layer}-layer GPT-2: ${list}`, {
      tensor: missing[0],
    });
  }
  const unexpected = [...tensors.keys()].filter((n) => !expected.has(n));
  if (unexpected.length > 0) {
    throw new WeightsFormatError(
      file,
      `unexpected tensors (not GPT-2 parameters): ${unexpected.slice(0, 5).join(', ')}`,
      {
        tensor: unexpected[0],
      },
    );
  }
  for (const [name, shape] of expected) {
    const actual = tensors.get(name)!.shape;
    if (!sameShape(actual, shape)) {
      throw new WeightsFormatError(
        file,
        `tensor "${name}": expected shape ${formatShape(shape)} from config.json, got ${formatShape(actual)}`,
        {
          tensor: name,
          expected: shape,
          actual,
        },
      );
    }
  }
  return hasScore ? 'reward' : 'lm';
}

/** Highest token id a tokenizer.json can produce (model vocab and added tokens). */
function maxTokenId(json: Record<string, unknown>): number {
  let max = -1;
  const vocab = (json.model as { vocab?: unknown } | undefined)?.vocab;
  if (vocab && typeof vocab === 'object' && !Array.isArray(vocab)) {
    for (const id of Object.values(vocab)) if (typeof id === 'number' && id > max) max = id;
  } else if (Array.isArray(vocab)) {
    max = vocab.length - 1;
  }
  const added = json.added_tokens;
  if (Array.isArray(added)) for (const t of added) if (typeof t?.id === 'number' && t.id > max) max = t.id;
  return max;
}

/** Loads a local HF-layout GPT-2 folder, validating every tensor against config.json. */
export function loadHfFolder(dir: string): HfModelFolder {
  const config = parseConfig(join(dir, 'config.json'));
  const weightsPath = join(dir, 'model.safetensors');
  if (!existsSync(weightsPath)) {
    const found = Object.keys(UNSUPPORTED_WEIGHTS).find((f) => existsSync(join(dir, f)));
    if (found)
      throw new WeightsFormatError(join(dir, found), `${UNSUPPORTED_WEIGHTS[found]}; ${CONVERT_HINT}`);
    throw new WeightsFormatError(weightsPath, 'file is missing from the model folder');
  }
  const { tensors: raw } = readSafetensors(weightsPath, { select: (n) => normaliseTensorName(n) !== null });
  const tensors = new Map<string, Tensor>();
  for (const [name, t] of raw) {
    const bare = normaliseTensorName(name)!;
    if (tensors.has(bare))
      throw new WeightsFormatError(
        weightsPath,
        `tensor "${bare}" appears twice (with and without "transformer.")`,
        { tensor: bare },
      );
    tensors.set(bare, t);
  }
  const head = validateTensors(weightsPath, config, tensors);
  const tokenizerPath = join(dir, 'tokenizer.json');
  const tokenizerJson = readJson(tokenizerPath, true)!;
  const maxId = maxTokenId(tokenizerJson);
  if (maxId >= config.vocab_size) {
    throw new WeightsFormatError(
      tokenizerPath,
      `tokenizer produces id ${maxId} but config.json vocab_size is ${config.vocab_size}`,
      {
        field: 'vocab_size',
      },
    );
  }
  return {
    dir,
    config,
    tensors,
    head,
    tokenizerJson,
    tokenizerConfig: readJson(join(dir, 'tokenizer_config.json'), false),
    training: readJson(join(dir, 'prefstudio.json'), false),
  };
}

/** The text of a token id in a tokenizer.json (added tokens first, then the model vocab). */
function tokenContent(json: Record<string, unknown>, id: number): string {
  const added = Array.isArray(json.added_tokens)
    ? (json.added_tokens as { id?: unknown; content?: unknown }[])
    : [];
  const hit = added.find((t) => t.id === id && typeof t.content === 'string');
  if (hit) return hit.content as string;
  const vocab = (json.model as { vocab?: Record<string, number> } | undefined)?.vocab ?? {};
  const entry = Object.entries(vocab).find(([, v]) => v === id);
  if (!entry) throw new RangeError(`token id ${id} is not in the tokenizer`);
  return entry[0];
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Saves a model as transformers' GPT2ForSequenceClassification (reward head) or GPT2LMHeadModel writes it:
 * `transformer.`-prefixed names, `format: pt` metadata (transformers refuses safetensors without it), token ids in config.json.
 */
export function saveHfFolder(dir: string, model: HfModelToSave): void {
  const withScore = model.tensors.has('score.weight');
  validateTensors(join(dir, 'model.safetensors'), model.config, new Map(model.tensors));
  mkdirSync(dir, { recursive: true });
  const prefixed = new Map<string, Tensor>();
  for (const [name, t] of model.tensors)
    // The head (`score.*`) sits beside the body in GPT2ForSequenceClassification, not under `transformer.`.
    prefixed.set(name.startsWith('score.') ? name : `transformer.${name}`, t);
  writeSafetensors(join(dir, 'model.safetensors'), prefixed, { format: 'pt' });
  writeJson(join(dir, 'config.json'), {
    n_inner: null,
    resid_pdrop: 0.1,
    embd_pdrop: 0.1,
    attn_pdrop: 0.1,
    initializer_range: 0.02,
    ...model.config,
    architectures: [withScore ? 'GPT2ForSequenceClassification' : 'GPT2LMHeadModel'],
    ...(withScore ? { id2label: { 0: 'LABEL_0' }, label2id: { LABEL_0: 0 } } : {}),
    bos_token_id: model.eosId,
    eos_token_id: model.eosId,
    pad_token_id: model.padId,
    torch_dtype: 'float32',
  });
  writeJson(join(dir, 'tokenizer.json'), model.tokenizerJson);
  const eos = tokenContent(model.tokenizerJson, model.eosId);
  writeJson(join(dir, 'tokenizer_config.json'), {
    tokenizer_class: 'GPT2Tokenizer',
    bos_token: eos,
    eos_token: eos,
    pad_token: tokenContent(model.tokenizerJson, model.padId),
    unk_token: eos,
    add_prefix_space: false,
    clean_up_tokenization_spaces: false,
    model_max_length: model.config.n_positions,
  });
  if (model.training) writeJson(join(dir, 'prefstudio.json'), model.training);
}
