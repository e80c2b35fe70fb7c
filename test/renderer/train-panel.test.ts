// The train form: preset defaults pre-filled, inline validation, and the exact TrainOptions it sends.
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Dataset } from '@shared/dto';
import { setStudioClient } from '../../src-renderer/src/api';
import TrainPanel from '../../src-renderer/src/components/models/TrainPanel.vue';
import { formFromPreset, validateTrainForm } from '../../src-renderer/src/lib/train-form';
import { useDatasetsStore } from '../../src-renderer/src/stores/datasets';
import { useProjectStore } from '../../src-renderer/src/stores/project';
import { useTrainingStore } from '../../src-renderer/src/stores/training';
import { FakeClient } from './fake-client';
import { mountWith } from './mounting';
import { makeJob, PRESETS } from './model-fixtures';

let client: FakeClient;

const dataset: Dataset = {
  id: 3,
  name: 'hh-harmless',
  sourcePath: '/data/hh.jsonl.gz',
  format: 'hh',
  createdAt: '2025-01-01T00:00:00.000Z',
  pairCount: 1200,
  issueCount: 0,
};

const mountPanel = () =>
  mountWith(TrainPanel, async () => {
    await useProjectStore().load();
    await useDatasetsStore().load();
  });

const value = (w: VueWrapper, id: string) =>
  (w.get(`[data-testid="${id}"]`).element as HTMLInputElement).value;

beforeEach(() => {
  client = new FakeClient();
  client.handlers.set('datasets.list', () => [dataset]);
  client.handlers.set('train.start', () => makeJob({ state: 'queued' }));
  setStudioClient(client);
});

describe('train panel', () => {
  it('pre-fills the tiny preset, shows its architecture and the backend, and sends its defaults', async () => {
    const w = await mountPanel();
    expect(value(w, 'train-preset')).toBe('tiny');
    expect(value(w, 'train-epochs')).toBe('2');
    expect(value(w, 'train-learningRate')).toBe('0.001');
    expect(value(w, 'train-batchSize')).toBe('16');
    expect(value(w, 'train-warmupFraction')).toBe('0.05');
    expect(w.get('[data-testid="train-preset-info"]').text()).toContain(
      '2 layers · width 128 · 4 heads · context 256',
    );
    expect(w.get('[data-testid="train-backend"]').text()).toBe('on wasm');

    await w.get('[data-testid="train-form"]').trigger('submit');
    await flushPromises();
    expect(client.callsOf('train.start')).toEqual([
      {
        preset: 'tiny',
        epochs: 2,
        learningRate: 0.001,
        batchSize: 16,
        weightDecay: 0.01,
        warmupFraction: 0.05,
        seed: 1,
        useMargins: false,
        centering: 0,
      },
    ]);
    expect(useTrainingStore().jobId).toBe('train-1');
    expect(client.callsOf('models.list')).toHaveLength(1);
  });

  it('switching preset takes its defaults; edited fields, data set, margins and init folder are sent', async () => {
    const w = await mountPanel();
    await w.get('[data-testid="train-seed"]').setValue('7');
    await w.get('[data-testid="train-preset"]').setValue('bow');
    expect(value(w, 'train-epochs')).toBe('4');
    expect(value(w, 'train-batchSize')).toBe('64');
    expect(value(w, 'train-seed')).toBe('7');
    await w.get('[data-testid="train-warmupFraction"]').setValue('0.1');
    await w.get('[data-testid="train-centering"]').setValue('0.5');
    await w.get('[data-testid="train-useMargins"]').setValue(true);
    await w.get('[data-testid="train-dataset"]').setValue('3');
    await w.get('[data-testid="train-initFrom"]').setValue('  /models/gpt2 ');
    await w.get('[data-testid="train-name"]').setValue('first try');
    await w.get('[data-testid="train-form"]').trigger('submit');
    await flushPromises();
    expect(client.callsOf('train.start')).toEqual([
      {
        name: 'first try',
        preset: 'bow',
        epochs: 4,
        learningRate: 0.005,
        batchSize: 64,
        weightDecay: 0.01,
        warmupFraction: 0.1,
        seed: 7,
        useMargins: true,
        centering: 0.5,
        datasetId: 3,
        initFrom: '/models/gpt2',
      },
    ]);
  });

  it('shows inline errors and sends nothing while a field is out of range', async () => {
    const w = await mountPanel();
    await w.get('[data-testid="train-batchSize"]').setValue('0');
    await w.get('[data-testid="train-batchSize"]').trigger('blur');
    const error = w.get('[data-testid="train-field-error"]');
    expect(error.attributes('data-field')).toBe('batchSize');
    expect(error.text()).toBe('Batch size must be a whole number from 1 to 1024.');
    expect(w.get('[data-testid="train-batchSize"]').attributes('aria-invalid')).toBe('true');

    await w.get('[data-testid="train-learningRate"]').setValue('');
    await w.get('[data-testid="train-form"]').trigger('submit');
    await flushPromises();
    expect(client.callsOf('train.start')).toEqual([]);
    expect(w.findAll('[data-testid="train-field-error"]').map((e) => e.attributes('data-field'))).toEqual([
      'learningRate',
      'batchSize',
    ]);
    expect(w.get('[data-testid="train-start"]').attributes('disabled')).toBeDefined();

    await w.get('[data-testid="train-batchSize"]').setValue('8');
    await w.get('[data-testid="train-learningRate"]').setValue('0.01');
    await w.get('[data-testid="train-form"]').trigger('submit');
    await flushPromises();
    expect(client.callsOf('train.start')).toHaveLength(1);
  });

  it('shows the backend error when the job cannot start', async () => {
    client.handlers.set('train.start', () => {
      throw new Error('No pairs to train on in data set #3.');
    });
    const w = await mountPanel();
    await w.get('[data-testid="train-form"]').trigger('submit');
    await flushPromises();
    expect(w.get('[role="alert"]').text()).toBe('No pairs to train on in data set #3.');
  });
});

describe('validateTrainForm', () => {
  const tiny = PRESETS[1]!;

  it('rejects non-integers, an exclusive zero learning rate and out-of-range shares', () => {
    const form = {
      ...formFromPreset(tiny),
      batchSize: 2.5,
      learningRate: 0,
      warmupFraction: 0.6,
      epochs: 0.01,
    };
    const { options, errors } = validateTrainForm(form);
    expect(options).toBeNull();
    expect(errors).toEqual({
      batchSize: 'Batch size must be a whole number from 1 to 1024.',
      learningRate: 'Learning rate must be a number above 0, at most 1.',
      warmupFraction: 'Warm-up share must be a number from 0 to 0.5.',
      epochs: 'Epochs must be a number from 0.05 to 100.',
    });
  });

  it('accepts numbers typed as text and leaves blank optional fields out', () => {
    const form = { ...formFromPreset(tiny), epochs: ' 0.5 ', name: '   ', initFrom: '' };
    expect(validateTrainForm(form).options).toEqual({
      preset: 'tiny',
      epochs: 0.5,
      learningRate: 0.001,
      batchSize: 16,
      weightDecay: 0.01,
      warmupFraction: 0.05,
      seed: 1,
      useMargins: false,
      centering: 0,
    });
  });
});
