// Data safety in the UI: a file imported before offers resume / skip / new, and the data sets table shows an
// unfinished import with its state, pairs shared with other data sets, and a button that resumes the import.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, getActivePinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput } from '@shared/contract';
import type { Dataset, Job } from '@shared/dto';
import { StudioError } from '@shared/errors';
import { setStudioClient } from '../../src-renderer/src/api';
import DatasetTable from '../../src-renderer/src/components/DatasetTable.vue';
import ImportPreviewForm from '../../src-renderer/src/components/ImportPreviewForm.vue';
import { useDatasetsStore } from '../../src-renderer/src/stores/datasets';
import { FakeClient } from './fake-client';
import { mountWith } from './mounting';

let client: FakeClient;
beforeEach(() => {
  client = new FakeClient();
  setStudioClient(client);
});

const job = (id: string, state: Job['state']): Job => ({
  id,
  kind: 'import',
  state,
  params: {},
  result: null,
  error: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  progress: { done: 0, total: null, unit: '', message: '', rate: null, etaSeconds: null },
});

describe('re-import and import states', () => {
  it('offers resume, skip or new when the file was imported before, and sends the choice', async () => {
    client.handlers.set('import.preview', () => ({ format: 'hh', detected: true, fields: [], sample: [], issues: [], linesRead: 1 }));
    client.handlers.set('import.start', (input: MethodInput<'import.start'>) => {
      if (input.ifImported === 'ask' || input.ifImported === undefined)
        throw new StudioError('ALREADY_IMPORTED', 'hh.jsonl was already imported as data set #1 "hh"');
      return job('job-2', 'queued');
    });
    setActivePinia(createPinia());
    const w = mount(ImportPreviewForm, { props: { path: '/data/hh.jsonl', name: 'hh.jsonl' }, global: { plugins: [getActivePinia() ?? createPinia()] } });
    await flushPromises();
    expect(w.find('[data-testid="reimport-new"]').exists()).toBe(false);
    await w.get('[data-testid="import-skip-cross"]').setValue(true);
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(w.text()).toContain('already imported as data set #1');
    await w.get('[data-testid="reimport-new"]').trigger('click');
    await flushPromises();
    expect(client.callsOf('import.start').at(-1)).toMatchObject({ ifImported: 'new', skipCrossDuplicates: true });
    expect(w.emitted('started')?.[0]).toEqual(['job-2']);
  });

  it('shows an unfinished import with its state and resumes it', async () => {
    const sets: Dataset[] = [
      { id: 1, name: 'a', sourcePath: '/a', format: 'hh', createdAt: '2025-01-01T00:00:00Z', pairCount: 10, issueCount: 0, importState: 'done', importJobId: 'j1', crossDuplicates: 0 },
      { id: 2, name: 'b', sourcePath: '/b', format: 'hh', createdAt: '2025-01-01T00:00:00Z', pairCount: 4, issueCount: 0, importState: 'interrupted', importJobId: 'j2', crossDuplicates: 3 },
    ];
    client.handlers.set('datasets.list', () => sets);
    client.handlers.set('jobs.resume', () => job('j2', 'queued'));
    const w = await mountWith(DatasetTable, () => useDatasetsStore().load());
    const states = w.findAll('[data-testid="dataset-import-state"]');
    expect(states.map((s) => s.text())).toEqual(['import interrupted']);
    expect(w.get('[data-testid="dataset-cross"]').text()).toBe('3 also in other data sets');
    await w.get('[data-testid="dataset-resume"]').trigger('click');
    await flushPromises();
    expect(client.callsOf('jobs.resume')).toEqual([{ id: 'j2' }]);
  });
});
