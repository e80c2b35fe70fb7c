// The Robustness view's attack column, attack notes, paired differences table and attack options, with the fake client.
import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AttackMetrics, FamilyMetrics, RobustnessResult } from '@shared/robustness-dto';
import { setStudioClient } from '../../src-renderer/src/api';
import RobustnessView from '../../src-renderer/src/views/RobustnessView.vue';
import { FakeClient } from './fake-client';
import { mountWith } from './mounting';
import { makeJob, makeModel, makePolicy } from './model-fixtures';

let client: FakeClient;
const est = (value: number, se = 0.02) => ({ value, se });

function family(name: FamilyMetrics['family'], accuracy: number): FamilyMetrics {
  return { family: name, n: 40, accuracy: est(accuracy), baseline: est(0.9), flipRate: est(0.1) };
}

function attack(rate: number, perPrompt: number): AttackMetrics {
  const r = { attackSuccessRate: est(rate, 0.1), failuresPerPrompt: est(perPrompt, 0.25) };
  return { prompts: 24, outputsPerPrompt: 4, roles: ['aligned', 'misaligned'], policies: { aligned: 8, misaligned: 9 }, mode: 'guided', seed: 1, ...r, byRole: { aligned: r, misaligned: r } };
}

function result(modelId: number, patch: Partial<RobustnessResult> = {}): RobustnessResult {
  return {
    modelId,
    inDistribution: { value: 0.9, se: 0.03, n: 50 },
    families: [family('verbosity', 0.6), family('markdown', 0.8)],
    score: est(0.7),
    seed: 1,
    jobId: 'robustness-1',
    createdAt: '2025-01-01T00:00:00.000Z',
    ...patch,
  };
}

beforeEach(() => {
  client = new FakeClient();
  client.models = [makeModel(1), makeModel(2), makeModel(3, { kind: 'external', artifactPath: null }), makeModel(4, { kind: 'policy', name: 'pol-4' })];
  setStudioClient(client);
});

describe('Robustness view: attack and paired differences', () => {
  it('shows the attack per model, why a model was not attacked, and differences marked beyond 2 SE', async () => {
    const diff = {
      modelId: 2,
      referenceId: 1,
      inDistribution: est(-0.01, 0.01),
      score: est(0.08, 0.02),
      families: [{ family: 'verbosity' as const, accuracy: est(0.2, 0.05), flipRate: est(-0.1, 0.03) }],
      attack: { attackSuccessRate: est(-0.25, 0.08), failuresPerPrompt: est(-0.5, 0.2), confirmed: { attackSuccessRate: est(-0.3, 0.07), failuresPerPrompt: est(-0.6, 0.2) } },
    };
    // On the demo the attack also counts the failures its rule confirms keep their class.
    const confirmed = (rate: number) => ({ attackSuccessRate: est(rate, 0.05), failuresPerPrompt: est(rate, 0.1), byRole: {} });
    client.handlers.set('robustness.results', async () => [
      result(1, { attack: attack(0.75, 1.5) }),
      result(2, { attack: { ...attack(0.5, 1), confirmed: confirmed(0.2) }, diff }),
      // An external model measured in another run: its diff's reference result is from a different job, so it is not shown.
      result(3, { attackSkipped: 'external scores cannot be attacked', scoresDir: '/x', jobId: 'robustness-2', diff: { ...diff, modelId: 3 } }),
    ]);
    const w = await mountWith(RobustnessView);
    const rows = w.findAll('[data-testid="robustness-table"] tbody tr');
    expect(rows[0]!.find('[data-testid="attack"]').text()).toBe('75.0 ± 10.0 / 1.50 ± 0.25');
    expect(rows[0]!.find('[data-testid="attack-confirmed"]').exists()).toBe(false);
    expect(rows[1]!.find('[data-testid="attack-confirmed"]').text()).toBe('confirmed 20.0 ± 5.0');
    expect(rows[2]!.find('[data-testid="attack"]').text()).toBe('not attacked');
    expect(w.find('[data-testid="attack-notes"]').text()).toContain('rm-3: external scores cannot be attacked');
    const diffs = w.findAll('[data-testid="robustness-diffs"] tbody tr');
    expect(diffs.map((r) => r.attributes('data-model-id'))).toEqual(['2']);
    const d = diffs[0]!;
    expect(d.find('td').text()).toBe('rm-2 − rm-1');
    expect(d.find('[data-testid="diff-score"]').text()).toBe('+8.0 ± 2.0');
    expect(d.find('[data-testid="diff-score"]').classes()).toContain('diff-up');
    // −1.0 ± 1.0 is within noise.
    expect(d.findAll('td')[1]!.classes()).toContain('diff-noise');
    expect(d.find('[data-family="verbosity"]').text()).toBe('+20.0 ± 5.0');
    expect(d.find('[data-family="markdown"]').text()).toBe('–');
    expect(d.find('[data-testid="diff-attack"]').text()).toMatch(/^-25\.0 ± 8\.0\s+confirmed -30\.0 ± 7\.0$/);
    expect(d.find('[data-testid="diff-attack-confirmed"]').text()).toBe('confirmed -30.0 ± 7.0');
    expect(d.find('[data-testid="diff-attack"]').classes()).toContain('diff-down');
  });

  it('sends the attack options, the chosen policy and an external scores folder; or switches the attack off', async () => {
    client.handlers.set('robustness.results', async () => []);
    client.handlers.set('robustness.start', async () => makeJob({ id: 'robustness-9', kind: 'robustness', state: 'running' }));
    client.policies = [makePolicy(4, 'misaligned'), makePolicy(5, 'aligned')];
    const w = await mountWith(RobustnessView);
    // Each role lists its own policies only.
    expect(w.findAll('[data-testid="attack-policy-aligned"] option').map((o) => o.text())).toEqual(['newest ready', 'aligned-5']);
    expect(w.findAll('[data-testid="attack-policy-misaligned"] option').map((o) => o.text())).toEqual(['newest ready', 'misaligned-4']);
    await w.find('[data-testid="pick-model-1"]').setValue(true);
    await w.find('[data-testid="attack-prompts"]').setValue(10);
    await w.find('[data-testid="attack-seed"]').setValue(5);
    await w.find('[data-testid="attack-policy-misaligned"]').setValue('4');
    await w.find('[data-testid="scores-dir"]').setValue('/data/ext');
    await w.find('[data-testid="run-robustness"]').trigger('click');
    await flushPromises();
    await w.find('[data-testid="attack-on"]').setValue(false);
    await w.find('[data-testid="run-robustness"]').trigger('click');
    await flushPromises();
    const [first, second] = client.callsOf('robustness.start') as Array<Record<string, unknown>>;
    expect(first).toMatchObject({ modelIds: [1], attack: { prompts: 10, samples: 2, seed: 5, misalignedPolicyId: 4 }, scores: [{ dir: '/data/ext' }] });
    expect(first!.attack).not.toHaveProperty('alignedPolicyId');
    expect(second!.attack).toBe(false);
  });
});
