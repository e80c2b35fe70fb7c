// `prefstudio policy train|list` through runCli on the real services, a real project file with the demo data and a
// real child-process training job: perplexity falls, the folder loads back as GPT2LMHeadModel, discovery runs on it;
// fine-tuning from a local GPT-2 folder; cancel and `prefstudio resume`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyFolder } from '../../../src-main/engine/policy/policy-files';
import type { Job } from '../../../src-main/shared/dto';
import type { DiscoveryRun } from '../../../src-main/shared/discovery-dto';
import type { PolicySummary } from '../../../src-main/shared/policy-dto';
import { openProject } from '../../../src-main/store/project';
import { cliHarness, type CliHarness } from '../../support/cli-harness';
import { makeStudio } from '../../support/studio';

let h: CliHarness;
const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'gpt2-tiny');

function value<T>(text: string): T {
  return (JSON.parse(text) as { value: T }).value;
}

beforeAll(async () => {
  h = cliHarness('cli-policy');
  expect(await h.cli('demo', h.project, '--pairs', '120', '--seed', '4', '--json')).toBe(0);
}, 60_000);

afterAll(() => h.cleanup());

describe('prefstudio policy train', () => {
  let aligned: PolicySummary;

  it('trains an aligned policy whose perplexity on the training responses falls below the untrained one', async () => {
    h.reset();
    expect(await h.cli('policy', 'train', h.project, '--role', 'aligned', '--steps', '30', '--json')).toBe(0);
    const out = value<{ job: Job; policy: PolicySummary }>(h.stdout.text);
    expect(out.job.state).toBe('done');
    aligned = out.policy;
    expect(aligned).toMatchObject({ role: 'aligned', source: 'trained', status: 'ready', preset: 'tiny', steps: 30 });
    const m = aligned.metrics;
    expect(m?.steps).toBe(30);
    expect(m?.history.map((p) => p.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Untrained, a policy is near uniform over its vocabulary; 30 steps must take a large bite out of that.
    expect(m?.finalPerplexity).toBeLessThan((m?.initialPerplexity ?? 0) / 4);
    expect(m?.validationPerplexity).toBeLessThan(m?.initialPerplexity ?? 0);
  }, 240_000);

  it('saves a GPT2LMHeadModel folder in the artifacts that loads back as a policy', () => {
    const db = openProject(h.project, { create: false, readonly: true });
    const record = db.models.get(aligned.id);
    const dir = join(db.info.artifactsDir, record?.artifactPath ?? 'missing');
    db.close();
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { architectures: string[]; model_type: string };
    expect(config).toMatchObject({ architectures: ['GPT2LMHeadModel'], model_type: 'gpt2' });
    const loaded = loadPolicyFolder(dir);
    expect(loaded.preset).toBe('tiny');
    expect(loaded.weights.has('score.weight')).toBe(false);
    expect(loaded.tokenizer.vocabSize).toBe(loaded.config.vocab_size);
    expect(existsSync(join(dir, 'tokenizer.json'))).toBe(true);
  });

  it('lists policies per role, and discovery runs with the trained ones', async () => {
    h.reset();
    expect(await h.cli('policy', 'train', h.project, '--role', 'misaligned', '--steps', '10', '--json')).toBe(0);
    expect(await h.cli('train', h.project, '--preset', 'tiny', '--epochs', '0.1', '--json')).toBe(0);
    h.reset();
    expect(await h.cli('policy', 'list', h.project)).toBe(0);
    expect(h.stdout.text).toMatch(/#\d+ aligned-tiny-[^\n]+ {2}aligned {2}ready {2}trained, preset tiny {2}30 steps in [\d.]+ s · perplexity on training responses [\d.]+ → [\d.]+ · held-out [\d.]+$/m);
    expect(h.stdout.text).toMatch(/ misaligned {2}ready /);
    h.reset();
    expect(await h.cli('discover', h.project, '--prompts', '2', '--max-tokens', '4', '--json')).toBe(0);
    const run = value<{ run: DiscoveryRun }>(h.stdout.text).run;
    expect(run.status).toBe('done');
    expect(run.byRole.aligned?.generated).toBe(2);
    expect(run.byRole.misaligned?.generated).toBe(2);
  }, 300_000);

  it('fine-tunes from a local GPT-2 folder with its own tokenizer and shape', async () => {
    h.reset();
    expect(await h.cli('policy', 'train', h.project, '--role', 'aligned', '--init-from', FIXTURE, '--steps', '15', '--json')).toBe(0);
    const p = value<{ policy: PolicySummary }>(h.stdout.text).policy;
    expect(p).toMatchObject({ source: 'fine-tuned', initFrom: FIXTURE, preset: null, status: 'ready' });
    expect(p.metrics?.finalPerplexity).toBeLessThan(p.metrics?.initialPerplexity ?? 0);
    const db = openProject(h.project, { create: false, readonly: true });
    const dir = join(db.info.artifactsDir, db.models.get(p.id)?.artifactPath ?? 'missing');
    db.close();
    const saved = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { n_embd: number; vocab_size: number; architectures: string[] };
    expect(saved).toMatchObject({ n_embd: 16, vocab_size: 64, architectures: ['GPT2LMHeadModel'] });
  }, 240_000);

  it('refuses a missing --init-from folder and a bad --role before any job starts', async () => {
    h.reset();
    expect(await h.cli('policy', 'train', h.project, '--role', 'aligned', '--init-from', 'no-such-folder')).toBe(1);
    expect(h.stderr.text).toContain('no model folder at');
    h.reset();
    expect(await h.cli('policy', 'train', h.project, '--role', 'sideways')).toBe(2);
    expect(h.stderr.text).toContain('unknown --role "sideways"');
    h.reset();
    expect(await h.cli('policy', 'train', h.project, '--role', 'aligned', '--steps', '0')).toBe(2);
    expect(h.stderr.text).toContain('--steps "0" is not a whole number from 1 to 100000');
    h.reset();
    expect(await h.cli('policy', 'endpoint', h.project, '--role', 'aligned', '--base-url', 'localhost:8000', '--model', 'm')).toBe(2); // INVALID_REQUEST at the boundary: a usage error
    expect(h.stderr.text).toContain('baseUrl: baseUrl must be an http:// or https:// URL');
    h.reset();
    expect(await h.cli('policy', 'endpoint', h.project, '--role', 'aligned', '--base-url', 'http://127.0.0.1:9/v1', '--model', 'm', '--steps', '3')).toBe(2);
    expect(h.stderr.text).toContain('--steps does not apply to "policy endpoint"');
  });
});

describe('cancel and prefstudio resume', () => {
  it('continues a cancelled policy-train job from its checkpoint instead of starting over', async () => {
    const t = makeStudio();
    await t.call('project.open', { path: h.project, create: false });
    const job = await t.call('policy.train', { role: 'misaligned', steps: 60, seed: 3 });
    // Cancel once the first checkpoint (step 25) is behind it.
    await new Promise<void>((resolve) => {
      const check = () => {
        const seen = t.events.some((e) => e.type === 'job' && e.job.id === job.id && e.job.progress.done >= 27);
        if (seen) resolve();
        else setTimeout(check, 50);
      };
      check();
    });
    await t.call('jobs.cancel', { id: job.id });
    const cancelled = await t.finished(job.id);
    expect(cancelled.state).toBe('cancelled');
    await t.dispose();

    h.reset();
    expect(await h.cli('resume', h.project, job.id.slice(0, 8), '--json')).toBe(0);
    const resumed = value<{ job: Job }>(h.stdout.text).job;
    expect(resumed.state).toBe('done');
    expect(resumed.result?.steps).toBe(60);
    h.reset();
    expect(await h.cli('policy', 'list', h.project, '--json')).toBe(0);
    const p = value<PolicySummary[]>(h.stdout.text).find((x) => x.id === Number(resumed.result?.modelId));
    // Every step once, in order: the resumed run took over where the cancelled one stopped.
    expect(p?.metrics?.history.map((x) => x.step)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(p?.status).toBe('ready');
  }, 300_000);
});
