// One round's augmentation: select the hard pairs, spend the budget by margin, write the variants and the ledger row.
import { allocateBudget, expandBudget, samplingWeights, type MarsProvenance } from '../../engine/mars';
import { loadRewardModel } from '../../engine/reward/model-files';
import type { MarsConfig, MarsRound, MarsRun } from '../../shared/mars-dto';
import type { LlmParaphraser } from '../../llm/paraphraser';
import type { NewPair } from '../../store/types';
import type { JobContext } from '../context';
import { operatorsFor, VARIANT_GUARD } from '../../curation/operators';
import { selectBase, type BasePair } from './select';
import { semanticLayer, type SemanticOutcome } from './semantic';

/** The run asks for 5× the selected base unless it names a budget (the paper's default). */
export const BUDGET_PER_SELECTED = 5;

export interface RoundSource {
  round: number;
  modelId: number;
  /** The source model's folder: the semantic layer embeds with it. */
  modelDir: string;
}

function newPair(
  source: BasePair,
  texts: { prompt: string; chosen: string; rejected: string },
  round: number,
  modelId: number,
  provenance: Record<string, unknown>,
): NewPair {
  return {
    datasetId: source.datasetId,
    prompt: texts.prompt,
    chosen: texts.chosen,
    rejected: texts.rejected,
    split: 'train',
    origin: 'augmented',
    parentId: source.id,
    round,
    modelId,
    provenance,
  };
}

async function runSemantic(
  ctx: JobContext,
  source: RoundSource,
  pairs: BasePair[],
  llm: LlmParaphraser,
): Promise<SemanticOutcome> {
  const { tf } = await ctx.backend();
  const { model, encode } = await loadRewardModel(tf, source.modelDir);
  try {
    return await semanticLayer({ model, encode, pairs, llm, signal: ctx.signal });
  } finally {
    model.dispose();
  }
}

/**
 * Writes the round's variants and its ledger row in one transaction: a round is either fully augmented or not at
 * all, so a resumed run never augments twice. With manual approval the run waits (status awaiting-approval) in the
 * same transaction.
 */
export async function augmentRound(
  ctx: JobContext,
  run: MarsRun,
  source: RoundSource,
  llm: LlmParaphraser | null,
): Promise<MarsRound> {
  const { db } = ctx;
  const config = run.config as MarsConfig;
  const label = `round ${source.round}/${config.rounds} · `;
  ctx.progress({ done: 0, total: null, unit: 'pairs', message: `${label}selecting the hardest pairs` }, true);
  const base = selectBase(db, source.modelId, config, source.round);
  const budget = config.budget ?? BUDGET_PER_SELECTED * base.pairs.length;
  const { operators, llm: llmOperator } = operatorsFor(config.operators, llm);
  const weightOptions = { weighting: config.weighting, alpha: config.alpha, tau: config.tau };
  if (llmOperator && base.pairs.length > 0) {
    // Only the pairs the first allocation funds are paraphrased; pairs funded later by redistribution use the
    // offline operators' variants alone.
    const funded = allocateBudget(samplingWeights(base.margins, weightOptions), budget);
    const pairs = base.pairs.filter((_, i) => (funded[i] ?? 0) > 0);
    ctx.progress(
      {
        done: 0,
        total: pairs.length,
        unit: 'pairs',
        message: `${label}paraphrasing ${pairs.length} pairs with the LLM`,
      },
      true,
    );
    await llmOperator.prefetch(pairs, config.perText, ctx.signal);
  }
  ctx.progress(
    {
      done: 0,
      total: budget,
      unit: 'pairs',
      message: `${label}augmenting ${base.pairs.length} pairs (budget ${budget})`,
    },
    true,
  );
  const expanded =
    base.pairs.length === 0
      ? null
      : expandBudget(base.pairs, base.margins, budget, {
          ...weightOptions,
          operators,
          perText: config.perText,
          guard: VARIANT_GUARD,
          seed: config.seed * 1009 + source.round,
        });
  const semantic = config.semantic && llm ? await runSemantic(ctx, source, base.pairs, llm) : null;

  const rows: NewPair[] = [];
  const operatorBudget: Record<string, number> = {};
  const byId = new Map(base.pairs.map((p) => [p.id, p]));
  for (const selection of expanded?.selections ?? []) {
    const sourcePair = byId.get(selection.sourcePairId) as BasePair;
    for (const v of selection.variants) {
      const provenance: Record<string, unknown> = {
        ...(v.provenance satisfies MarsProvenance),
        runId: run.id,
        round: source.round,
      };
      for (const op of v.provenance.operators) operatorBudget[op] = (operatorBudget[op] ?? 0) + 1;
      rows.push(newPair(sourcePair, v, source.round, source.modelId, provenance));
    }
  }
  for (const r of semantic?.rewrites ?? []) {
    operatorBudget['llm-semantic'] = (operatorBudget['llm-semantic'] ?? 0) + 1;
    rows.push(
      newPair(r.source, r, source.round, source.modelId, {
        method: 'mars-semantic',
        sourcePairId: r.source.id,
        mode: r.mode,
        distance: r.distance,
        threshold: semantic?.threshold,
        runId: run.id,
        round: source.round,
        operators: ['llm'],
        llm: llm?.provenance,
      }),
    );
  }
  ctx.signal.throwIfAborted();
  return db.transaction(() => {
    const ids = db.pairs.insertMany(rows);
    if (config.approve === 'auto' && ids.length > 0) {
      db.pairs.setReviewStatus(ids, 'approved');
      db.reviewLog.append({
        reviewer: 'mars',
        action: 'mars.auto-approve',
        pairId: null,
        payload: {
          runId: run.id,
          round: source.round,
          pairs: ids.length,
          firstId: ids[0],
          lastId: ids[ids.length - 1],
        },
        undoes: null,
      });
    }
    if (config.approve === 'manual') db.mars.setRun(run.id, { status: 'awaiting-approval' });
    const rejected: Record<string, number> = { ...(expanded?.rejected ?? {}) };
    if (expanded && expanded.unspent > 0) rejected['unspent'] = expanded.unspent;
    return db.mars.addRound({
      runId: run.id,
      round: source.round,
      sourceModelId: source.modelId,
      selected: base.pairs.length,
      budget,
      spent: expanded?.spent ?? 0,
      operatorBudget,
      rejected,
      semantic: semantic
        ? {
            threshold: semantic.threshold,
            candidates: semantic.candidates,
            rewritten: semantic.rewrites.length,
          }
        : null,
    });
  });
}
