// The import flow (file → preview → start → report) and the job bar, driven by a fake backend and job events.
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MethodInput } from '@shared/contract';
import type { ImportPreview, Job } from '@shared/dto';
import { setStudioClient } from '../../src-renderer/src/api';
import ImportPanel from '../../src-renderer/src/components/ImportPanel.vue';
import JobBar from '../../src-renderer/src/components/JobBar.vue';
import { useJobsStore } from '../../src-renderer/src/stores/jobs';
import { FakeClient } from './fake-client';
import { mountWith } from './mounting';

let client: FakeClient;

function job(patch: Omit<Partial<Job>, 'progress'> & { progress?: Partial<Job['progress']> } = {}): Job {
  const { progress, ...rest } = patch;
  return {
    id: 'job-1',
    kind: 'import',
    state: 'running',
    params: {},
    result: null,
    error: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    startedAt: '2025-01-01T00:00:01.000Z',
    finishedAt: null,
    ...rest,
    progress: { done: 0, total: null, unit: 'rows', message: '', rate: null, etaSeconds: null, ...progress },
  };
}

const preview = (format: ImportPreview['format']): ImportPreview => ({
  format,
  detected: true,
  fields: ['question', 'good', 'bad'],
  // HH prompts open with blank lines; the preview starts at the text.
  sample: [{ line: 1, prompt: '\n\nHuman: How?\n\nAssistant:', chosen: ' Carefully.', rejected: 'Whatever.' }],
  issues: [
    {
      file: 'pairs.csv',
      line: 3,
      field: 'bad',
      kind: 'error',
      reason: 'empty',
      message: 'Field "bad" is empty',
      excerpt: 'x,y,',
    },
  ],
  linesRead: 3,
});

beforeEach(() => {
  client = new FakeClient();
  setStudioClient(client);
});

afterEach(() => vi.useRealTimers());

describe('import flow', () => {
  it('stages a picked file, previews it, maps flat columns, starts the job and reports counts and issues', async () => {
    vi.useFakeTimers();
    client.handlers.set('import.preview', (input: MethodInput<'import.preview'>) =>
      preview(input.format ?? 'flat'),
    );
    client.handlers.set('import.start', () => job({ state: 'queued' }));
    client.handlers.set('import.issues', () => ({
      rows: [
        {
          id: 1,
          jobId: 'job-1',
          datasetId: 4,
          file: '/staged/pairs.csv',
          line: 3,
          field: 'bad',
          kind: 'error',
          reason: 'empty',
          message: 'Field "bad" is empty',
          excerpt: 'x,y,',
        },
      ],
      nextAfter: null,
      total: 1,
    }));
    const w = await mountWith(ImportPanel);

    const input = w.get('[data-testid="import-file-input"]');
    Object.defineProperty(input.element, 'files', {
      value: [new File(['question,good,bad\n'], 'pairs.csv')],
    });
    await input.trigger('change');
    await flushPromises();
    expect(client.callsOf('import.preview')[0]).toMatchObject({
      path: '/staged/pairs.csv',
      datasetName: 'pairs',
    });
    expect(w.get('[data-testid="import-sample"]').text()).toContain('Carefully.');
    expect(w.get('[data-testid="sample-prompt"]').element.textContent).toBe('Human: How?\n\nAssistant:');
    expect(w.get('[data-testid="import-preview-issues"]').text()).toContain('line 3 · bad');

    await w.get('[data-testid="import-map-chosen"]').setValue('good');
    await w.get('[data-testid="import-map-rejected"]').setValue('bad');
    vi.advanceTimersByTime(200);
    await flushPromises();
    expect(client.callsOf('import.preview').at(-1)).toMatchObject({
      mapping: { chosen: 'good', rejected: 'bad' },
    });

    await w.get('[data-testid="import-start"]').trigger('submit');
    await flushPromises();
    expect(client.callsOf('import.start')[0]).toMatchObject({
      path: '/staged/pairs.csv',
      mapping: { chosen: 'good', rejected: 'bad' },
    });
    expect(w.get('[data-testid="import-report"]').attributes('data-state')).toBe('queued');

    useJobsStore().apply(
      job({
        state: 'done',
        result: { datasetId: 3, pairs: 1199, errors: 1, duplicates: 2, crossDuplicates: 0, validation: 60, lastLine: 1202 },
      }),
    );
    await flushPromises();
    expect(w.get('[data-testid="import-count-pairs"]').text()).toBe('1,199');
    expect(w.get('[data-testid="import-counts"]').text()).toContain('rejected');
    // Bookkeeping fields are not shown as counts.
    expect(w.find('[data-testid="import-count-lastLine"]').exists()).toBe(false);
    expect(w.find('[data-testid="import-count-datasetId"]').exists()).toBe(false);
    expect(client.callsOf('import.issues')[0]).toMatchObject({ jobId: 'job-1' });
    expect(w.get('[data-testid="issue-row"]').text()).toContain('Field "bad" is empty');
  });

  it('shows a preview error with the backend message', async () => {
    client.handlers.set('import.preview', () => {
      throw new Error('Cannot detect the format of /staged/x.bin (line 1): not JSON or CSV');
    });
    const w = await mountWith(ImportPanel);
    await w.get('[data-testid="import-path"]').setValue('/data/x.bin');
    await w.get('[data-testid="import-path"]').trigger('submit');
    await flushPromises();
    expect(w.get('[data-testid="import-preview-error"]').text()).toContain('line 1');
    expect(w.get('[data-testid="import-start"]').attributes('disabled')).toBeDefined();
  });
});

describe('job bar', () => {
  it('follows job events: progress, cancel, resume, failure', async () => {
    client.handlers.set('jobs.cancel', () => job({ state: 'cancelled' }));
    client.handlers.set('jobs.resume', () => job({ state: 'running' }));
    const w = await mountWith(JobBar);
    const jobs = useJobsStore();
    expect(w.get('[data-testid="job-bar"]').attributes('data-state')).toBe('idle');

    jobs.apply(job({ progress: { done: 500, total: 2000, rate: 1250, etaSeconds: 65, message: 'batch 5' } }));
    await flushPromises();
    const bar = w.get('[data-testid="job-bar"]');
    expect(bar.attributes('data-state')).toBe('running');
    expect(w.get('[data-testid="job-counts"]').text()).toBe('500 / 2,000 rows');
    expect(bar.text()).toContain('1.3K rows/s');
    expect(bar.text()).toContain('ETA 1m 05s');
    expect(w.get('[role="progressbar"]').attributes('aria-valuenow')).toBe('25');

    await w.get('[data-testid="job-cancel"]').trigger('click');
    await flushPromises();
    expect(client.callsOf('jobs.cancel')).toEqual([{ id: 'job-1' }]);
    expect(w.get('[data-testid="job-state"]').text()).toBe('cancelled');
    await w.get('[data-testid="job-resume"]').trigger('click');
    await flushPromises();
    expect(client.callsOf('jobs.resume')).toEqual([{ id: 'job-1' }]);

    jobs.apply(
      job({ state: 'failed', error: { code: 'FILE_NOT_FOUND', message: 'No file at /data/a.jsonl' } }),
    );
    await flushPromises();
    expect(w.get('[data-testid="job-error"]').text()).toBe('No file at /data/a.jsonl');
    expect(w.find('[data-testid="job-cancel"]').exists()).toBe(false);
  });
});
