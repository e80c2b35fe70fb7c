// The job kinds of the kill -9 harness (reliability.ts): how each is set up, what its checkpoint promises about the
// file, and which facts a resumed run must reproduce. Small inputs, so one trial takes seconds to a minute.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import { readCheckpoint } from '../../src-main/engine/reward/checkpoint-file';
import { bigHhFile } from './big-hh';
import { prepareDecodeProject } from './decode-project';
import { HH_SAMPLE } from './hh';
import type { Facts, KillKind } from './reliability';
import type { TestStudio } from './studio';

const count = (raw: Database.Database, sql: string, ...args: unknown[]): number =>
  raw.prepare(sql).pluck().get(...args) as number;

/** Sum of a model's margins over every pair it scored, rounded: one number that moves with any weight. */
const marginSum = (raw: Database.Database, modelId: unknown): number =>
  count(raw, 'SELECT coalesce(sum(margin), 0) FROM scores WHERE model_id = ?', modelId);

/** A project holding the first `rows` HH pairs, imported in-process (the job under test runs in the CLI). */
export async function smallHhProject(t: TestStudio, path: string, rows: number): Promise<void> {
  const lines = gunzipSync(readFileSync(HH_SAMPLE)).toString('utf8').split('\n').filter((l) => l.trim() !== '');
  const file = join(t.dir, 'hh-small.jsonl');
  writeFileSync(file, lines.slice(0, rows).join('\n') + '\n');
  await t.call('project.open', { path, create: true });
  const job = await t.call('import.start', { path: file });
  const done = await t.finished(job.id);
  if (done.state !== 'done') throw new Error(`preparing import ${done.state}: ${done.error?.message ?? ''}`);
}

/** A training checkpoint names its file; the file must hold at least that step (it is written before the row). */
function trainCheckpointProblem(checkpoint: Record<string, unknown> | null): string | null {
  if (checkpoint === null) return null;
  const file = String(checkpoint.file);
  if (!existsSync(file)) return `checkpoint file ${file} is missing`;
  const step = readCheckpoint(file).step;
  return step >= Number(checkpoint.step) ? null : `checkpoint file at step ${step}, row at ${String(checkpoint.step)}`;
}

const importKind: KillKind = {
  name: 'import',
  maxDelayMs: 1500,
  prepare: (t) => Promise.resolve(['import', bigHhFile(t.dir, 30).path]),
  consistent: (raw, checkpoint) => {
    const pairs = count(raw, 'SELECT count(*) FROM pairs');
    const saved = checkpoint === null ? 0 : (checkpoint as { counts: { pairs: number } }).counts.pairs;
    return pairs === saved ? null : `${pairs} pairs committed, checkpoint says ${saved}`;
  },
  facts: (raw, result) => ({
    pairs: result.pairs as number,
    errors: result.errors as number,
    duplicates: result.duplicates as number,
    stored: count(raw, 'SELECT count(*) FROM pairs'),
  }),
  tolerance: 0,
};

const trainKind: KillKind = {
  name: 'train',
  maxDelayMs: 6000,
  prepare: async (t, path) => {
    await smallHhProject(t, path, 200);
    return ['train', '--preset', 'bow', '--epochs', '2', '--seed', '5'];
  },
  consistent: (raw, checkpoint, state) => {
    // A kill after the job finished finds its model ready; before that, no model may be.
    const ready = count(raw, "SELECT count(*) FROM models WHERE status = 'ready'");
    if (ready > 0 && state !== 'done') return `a model is ready although its job is ${state}`;
    return trainCheckpointProblem(checkpoint);
  },
  facts: (raw, result) => ({
    steps: result.steps as number,
    validationAccuracy: result.validationAccuracy as number,
    trainAccuracy: result.trainAccuracy as number,
    scored: result.scored as number,
    marginSum: marginSum(raw, result.modelId),
  }),
  // Resume replays the same batches from the saved optimiser state; summed float32 margins may differ in rounding.
  tolerance: 1e-3,
};

const marsKind: KillKind = {
  name: 'mars',
  maxDelayMs: 15_000,
  prepare: async (t, path) => {
    await smallHhProject(t, path, 150);
    return ['mars', '--rounds', '1', '--preset', 'bow', '--epochs', '1', '--seed', '4', '--budget', '20', '--approve', 'auto'];
  },
  consistent: (raw) => {
    // A round's variants and its ledger row commit together; a finished round has its model ready.
    const augmented = count(raw, "SELECT count(*) FROM pairs WHERE origin = 'augmented'");
    const ledger = count(raw, 'SELECT coalesce(sum(spent), 0) FROM mars_rounds');
    if (augmented !== ledger) return `${augmented} augmented pairs, ledger says ${ledger}`;
    const unready = count(raw, "SELECT count(*) FROM mars_rounds r JOIN models m ON m.id = r.model_id WHERE r.phase = 'done' AND m.status <> 'ready'");
    return unready === 0 ? null : `${unready} finished rounds without a ready model`;
  },
  facts: (raw, result): Facts => ({
    rounds: result.rounds as number,
    augmented: count(raw, "SELECT count(*) FROM pairs WHERE origin = 'augmented'"),
    models: count(raw, "SELECT count(*) FROM models WHERE status = 'ready'"),
    finalMarginSum: marginSum(raw, result.modelId),
  }),
  tolerance: 1e-3,
};

const decodeKind: KillKind = {
  name: 'decode',
  maxDelayMs: 6000,
  prepare: async (t, path) => {
    await prepareDecodeProject(path);
    return ['discover', '--prompts', '12', '--samples', '1', '--max-tokens', '12', '--seed', '3'];
  },
  consistent: (raw) => {
    // A prompt's outputs commit with the failure pairs they made: every failure output has its pair, and no more.
    const failures = count(raw, 'SELECT count(*) FROM discovery_outputs WHERE is_failure = 1');
    const linked = count(raw, 'SELECT count(*) FROM discovery_outputs o JOIN pairs p ON p.id = o.failure_pair_id');
    const discovered = count(raw, "SELECT count(*) FROM pairs WHERE origin = 'discovered'");
    return failures === linked && linked === discovered ? null : `${failures} failures, ${linked} linked, ${discovered} discovered pairs`;
  },
  // The job's `generated`/`failures` count what that job decoded (a resumed job: the rest), so the run's totals are
  // read from its outputs; `promptsDone` counts the whole run.
  facts: (raw, result): Facts => ({
    promptsDone: result.promptsDone as number,
    promptsTotal: result.promptsTotal as number,
    failures: count(raw, 'SELECT count(*) FROM discovery_outputs WHERE is_failure = 1'),
    outputs: count(raw, 'SELECT count(*) FROM discovery_outputs'),
    rewardSum: count(raw, 'SELECT coalesce(sum(reward), 0) FROM discovery_outputs'),
    responses: raw.prepare('SELECT group_concat(response, char(30)) FROM (SELECT response FROM discovery_outputs ORDER BY role, source_pair_id, sample)').pluck().get() as string,
  }),
  tolerance: 1e-3,
};

export const KINDS: Record<string, KillKind> = { import: importKind, train: trainKind, mars: marsKind, decode: decodeKind };
