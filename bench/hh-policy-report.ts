// The HH policies of a project (bench/hh-policies.ts) on its validation split: response-token loss per example
// (mean ± SE over examples, and pooled over tokens as perplexity), and sample outputs by plain top-k sampling from
// each policy alone (no reward model), to see what the policies write before any guided decoding.
// Usage: PREFSTUDIO_BACKEND=wasm nice -n 10 npx tsx bench/hh-policy-report.ts PROJECT [--prompts 4] [--max-new-tokens 40]
//          [--k 20] [--temperature 0.8] [--seed 1]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chooseBackend, preferredFromEnv } from '../src-main/engine/backend';
import { LocalPolicy } from '../src-main/engine/decode/local-policy';
import { policyParams } from '../src-main/engine/decode/policy-model';
import { SeededRng } from '../src-main/engine/model/rng';
import { loadPolicyFolder } from '../src-main/engine/policy/policy-files';
import { policyLoss } from '../src-main/engine/policy/train-policy';
import { openProject } from '../src-main/store/project';

export interface SampleOptions {
  prompts: number;
  maxNewTokens: number;
  k: number;
  temperature: number;
  seed: number;
}

export interface PolicySample {
  role: string;
  prompt: string;
  reference: string;
  response: string;
}

export interface HeldOutLoss {
  role: string;
  modelId: number;
  examples: number;
  /** Mean over examples of each example's response-token cross-entropy (nats/token), and its standard error. */
  meanLoss: number;
  meanLossSe: number;
  /** Pooled over all response tokens of the split, as exp(loss). */
  perplexity: number;
}

/** Index drawn from the top-k probabilities sharpened by 1/temperature. */
function draw(rng: SeededRng, probs: readonly number[], temperature: number): number {
  const w = probs.map((p) => Math.pow(p, 1 / temperature));
  let u = rng.next() * w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < w.length; i++) {
    u -= w[i] as number;
    if (u <= 0) return i;
  }
  return w.length - 1;
}

/** The last human turn of an HH prompt, for display. */
const lastTurn = (prompt: string): string => prompt.slice(prompt.lastIndexOf('Human:')).replace(/\s+/g, ' ').trim();

/**
 * For each ready policy of the project: its loss on every validation example of its role, and its responses to the
 * first `prompts` validation prompts.
 */
export async function reportPolicies(projectPath: string, o: SampleOptions): Promise<{ losses: HeldOutLoss[]; samples: PolicySample[] }> {
  const db = openProject(projectPath, { create: false });
  try {
    const { tf } = await chooseBackend(preferredFromEnv(process.env));
    const validation = [...db.pairs.iterate({ split: 'validation', origin: 'original' }, 200)];
    const pairs = validation.slice(0, o.prompts);
    const out: PolicySample[] = [];
    const losses: HeldOutLoss[] = [];
    for (const model of db.models.list({ kind: 'policy' }).filter((m) => m.status === 'ready' && m.artifactPath)) {
      const role = String(model.config.role);
      const { config, weights, tokenizer } = loadPolicyFolder(join(db.info.artifactsDir, model.artifactPath ?? ''));
      const params = policyParams(tf, weights);
      const examples = validation.map((p) => ({ prompt: p.prompt, response: role === 'aligned' ? p.chosen : p.rejected }));
      const per = examples.map((e) => policyLoss(tf, config, params, tokenizer, [e]));
      const tokens = examples.map((e) => Math.min(tokenizer.encode(e.response).length + 1, config.n_positions - 1));
      const mean = per.reduce((a, b) => a + b, 0) / per.length;
      const sd = Math.sqrt(per.reduce((a, b) => a + (b - mean) ** 2, 0) / (per.length - 1));
      const pooled = per.reduce((a, l, i) => a + l * (tokens[i] as number), 0) / tokens.reduce((a, b) => a + b, 0);
      losses.push({ role, modelId: model.id, examples: per.length, meanLoss: mean, meanLossSe: sd / Math.sqrt(per.length), perplexity: Math.exp(pooled) });
      const rows = await new LocalPolicy(tf, config, params, tokenizer, true).open(pairs.map((p) => p.prompt), o.maxNewTokens);
      const rng = new SeededRng(o.seed);
      let open = pairs.map((_, i) => i);
      for (let step = 0; step < o.maxNewTokens && open.length > 0; step++) {
        const cands = await rows.candidates(open, o.k);
        const choices = cands.map((c) => draw(rng, c.map((x) => x.prob), o.temperature));
        const ending = new Set(open.filter((_, j) => cands[j]?.[choices[j] as number]?.end));
        const going = open.map((row, j) => ({ row, choice: choices[j] as number })).filter((x) => !ending.has(x.row));
        if (going.length > 0) await rows.commit(going.map((x) => x.row), going.map((x) => x.choice));
        open = going.map((x) => x.row);
      }
      pairs.forEach((p, i) =>
        out.push({ role, prompt: lastTurn(p.prompt), reference: role === 'aligned' ? p.chosen.trim() : p.rejected.trim(), response: rows.text(i).trim() }),
      );
      rows.dispose();
      params.forEach((v) => v.dispose());
    }
    return { losses, samples: out };
  } finally {
    db.close();
  }
}

if (process.argv[1]?.endsWith('hh-policy-report.ts')) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      prompts: { type: 'string', default: '4' },
      'max-new-tokens': { type: 'string', default: '40' },
      k: { type: 'string', default: '20' },
      temperature: { type: 'string', default: '0.8' },
      seed: { type: 'string', default: '1' },
    },
  });
  const project = positionals[0];
  if (!project) throw new Error('usage: npx tsx bench/hh-policy-report.ts PROJECT [--prompts N] [--max-new-tokens N] [--k N] [--temperature T]');
  process.env['PREFSTUDIO_BACKEND'] ??= 'wasm';
  const { losses, samples } = await reportPolicies(project, {
    prompts: Number(values.prompts),
    maxNewTokens: Number(values['max-new-tokens']),
    k: Number(values.k),
    temperature: Number(values.temperature),
    seed: Number(values.seed),
  });
  for (const l of losses) {
    console.log(`${l.role} policy ${l.modelId}: ${l.examples} validation examples, loss ${l.meanLoss.toFixed(3)} ± ${l.meanLossSe.toFixed(3)} nats/token (mean over examples ± SE), pooled perplexity ${l.perplexity.toFixed(1)}`);
  }
  for (const s of samples) console.log(JSON.stringify(s));
}
