// Hand-off: the trainers' command lines use only argument names those trainers document, the data has the columns they
// read, and scores computed from the exported Parquet come back through the scores import.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import { writeHandoff } from '../../../src-main/exporters/handoff/write-handoff';
import { deepspeedConfig, HANDOFF_DEFAULTS, trainerArgs, type Trainer } from '../../../src-main/exporters/handoff/trainers';
import { COLUMNS } from '../../../src-main/exporters/parquet-columns';
import { makeStudio } from '../../support/studio';

/**
 * Argument names as the trainers document them (checked by hand against these sources):
 * - TRL: transformers TrainingArguments (https://huggingface.co/docs/transformers/main_classes/trainer#transformers.TrainingArguments)
 *   and trl RewardConfig (`max_length`; https://huggingface.co/docs/trl/reward_trainer), plus our script's own
 *   `--model_name_or_path` / `--data_dir`; `accelerate launch --config_file` (https://huggingface.co/docs/accelerate/package_reference/cli).
 * - OpenRLHF: `openrlhf/cli/train_rm.py` argparse flags (https://github.com/OpenRLHF/OpenRLHF, README "Reward Model Training").
 */
const DOCUMENTED: Record<Trainer, ReadonlySet<string>> = {
  trl: new Set([
    '--model_name_or_path', '--data_dir', '--output_dir', '--max_length', '--num_train_epochs', '--learning_rate',
    '--per_device_train_batch_size', '--gradient_checkpointing', '--bf16', '--logging_steps', '--eval_strategy',
    '--eval_steps', '--deepspeed', '--config_file',
  ]),
  openrlhf: new Set([
    '--pretrain', '--dataset', '--prompt_key', '--chosen_key', '--rejected_key', '--save_path', '--max_len',
    '--max_epochs', '--learning_rate', '--micro_train_batch_size', '--train_batch_size', '--zero_stage', '--bf16',
    '--gradient_checkpointing', '--logging_steps', '--eval_steps', '--module',
  ]),
};
/** DeepSpeed config keys (https://www.deepspeed.ai/docs/config-json/). */
const DEEPSPEED_KEYS = new Set(['bf16', 'zero_optimization', 'gradient_accumulation_steps', 'gradient_clipping', 'train_batch_size', 'train_micro_batch_size_per_gpu']);

const dir = mkdtempSync(join(tmpdir(), 'ps-handoff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hand-off scripts', () => {
  it.each(['trl', 'openrlhf'] as const)('%s: every flag is a documented argument and reaches train.sh', (trainer) => {
    const options = { ...HANDOFF_DEFAULTS, trainer, model: 'my/model', maxLength: 1024 };
    const { launcher, args } = trainerArgs(options);
    const flags = [...launcher, ...args].filter((a) => a.startsWith('--'));
    expect(flags.filter((f) => !DOCUMENTED[trainer].has(f))).toEqual([]);
    const out = join(dir, trainer);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out);
    const files = writeHandoff(out, options);
    const script = readFileSync(join(out, 'train.sh'), 'utf8');
    for (const flag of flags) expect(script).toContain(flag);
    expect(script).toContain('my/model');
    expect(script).toContain(trainer === 'trl' ? '--max_length 1024' : '--max_len 1024');
    expect(statSync(join(out, 'train.sh')).mode & 0o111).not.toBe(0);
    expect(files).toContain('score_pairs.py');
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('vllm serve');
    if (trainer === 'trl') {
      const ds = JSON.parse(readFileSync(join(out, 'ds_config.json'), 'utf8')) as Record<string, unknown>;
      expect(Object.keys(ds).filter((k) => !DEEPSPEED_KEYS.has(k))).toEqual([]);
      expect(ds).toEqual(deepspeedConfig(2));
      expect(readFileSync(join(out, 'accelerate_config.yaml'), 'utf8')).toContain('deepspeed_config_file: ds_config.json');
    }
  });

  it('exports the string columns both trainers read (prompt, chosen, rejected) and the pair id scores come back by', () => {
    const byName = new Map(COLUMNS.map((c) => [c.name, c]));
    for (const name of ['prompt', 'chosen', 'rejected']) expect(byName.get(name)).toMatchObject({ dtype: 'string', nullable: false });
    expect(byName.get('pair_id')).toMatchObject({ dtype: 'int32', nullable: false });
  });
});

describe('scores round trip', () => {
  it('scores written from the exported Parquet import back onto the same pairs', async () => {
    const t = makeStudio();
    try {
      await t.call('project.open', { path: join(t.dir, 'p.prefstudio'), create: true });
      expect((await t.finished((await t.call('demo.start', { pairs: 40 })).id)).state).toBe('done');
      const out = join(t.dir, 'pairs.parquet');
      expect((await t.finished((await t.call('export.start', { path: out, format: 'parquet' })).id)).state).toBe('done');
      // What score_pairs.py does, with a stand-in reward (response length) instead of a trained model.
      const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(out) })) as { pair_id: number; chosen: string; rejected: string }[];
      expect(rows).toHaveLength(40);
      const scores = join(t.dir, 'scores.jsonl');
      writeFileSync(scores, rows.map((r) => JSON.stringify({ pair_id: r.pair_id, r_chosen: r.chosen.length / 10, r_rejected: r.rejected.length / 10 })).join('\n') + '\n');
      const job = await t.finished((await t.call('scores.import', { path: scores, name: 'cluster-rm' })).id);
      expect(job.state, JSON.stringify(job.error)).toBe('done');
      const model = (await t.call('models.list', {})).find((m) => m.name === 'cluster-rm');
      expect(model).toBeDefined();
      const page = await t.call('pairs.page', { limit: 100, modelId: model!.id });
      const scored = page.rows.filter((r) => r.score !== undefined);
      expect(scored).toHaveLength(40);
      const one = rows[3]!;
      const back = page.rows.find((r) => r.id === one.pair_id)!.score!;
      expect(back.rChosen).toBeCloseTo(one.chosen.length / 10, 5);
      expect(back.margin).toBeCloseTo((one.chosen.length - one.rejected.length) / 10, 5);
    } finally {
      await t.dispose();
    }
  }, 60_000);
});
