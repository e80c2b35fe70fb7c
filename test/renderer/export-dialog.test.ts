// The export dialog: offers the formats and the patched set, and asks before replacing an existing file.
import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '@shared/dto';
import { ErrorCode, StudioError } from '@shared/errors';
import { setStudioClient } from '../../src-renderer/src/api';
import ExportDialog from '../../src-renderer/src/components/ExportDialog.vue';
import { FakeClient } from './fake-client';
import { mountWith } from './mounting';

const job: Job = {
  id: 'job-x',
  kind: 'export',
  state: 'queued',
  params: {},
  progress: { done: 0, total: null, unit: 'pairs', message: '', rate: null, etaSeconds: null },
  result: null,
  error: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  startedAt: null,
  finishedAt: null,
};

let client: FakeClient;

beforeEach(() => {
  client = new FakeClient(4);
  setStudioClient(client);
});

describe('ExportDialog', () => {
  it('asks before replacing an existing file and sends overwrite only after the user says so', async () => {
    client.handlers.set('export.start', (input: { overwrite?: boolean; path: string }) => {
      if (input.overwrite !== true) throw new StudioError(ErrorCode.TargetExists, `${input.path} already exists`);
      return job;
    });
    const w = await mountWith(ExportDialog);
    await w.get('[data-testid="export-format"]').setValue('hf');
    await w.get('[data-testid="export-path"]').setValue('/data/out');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(w.get('[data-testid="export-exists"]').text()).toContain('/data/out already exists. Replace it?');
    expect(w.emitted('close')).toBeUndefined();
    await w.get('[data-testid="export-replace"]').trigger('click');
    await flushPromises();
    expect(client.callsOf('export.start')).toMatchObject([
      { path: '/data/out', format: 'hf', include: 'patched', overwrite: false },
      { path: '/data/out', format: 'hf', include: 'patched', overwrite: true },
    ]);
    expect(w.emitted('close')).toHaveLength(1);
  });

  it('switches the file extension with the format and hides the JSONL shape for Parquet', async () => {
    client.handlers.set('export.start', () => job);
    const w = await mountWith(ExportDialog);
    const path = w.get<HTMLInputElement>('[data-testid="export-path"]');
    expect(path.element.value).toMatch(/\.jsonl$/);
    await w.get('[data-testid="export-format"]').setValue('parquet');
    expect(path.element.value).toMatch(/\.parquet$/);
    expect(w.find('[data-testid="export-shape"]').exists()).toBe(false);
    await w.get('[data-testid="export-include"]').setValue('all');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(client.callsOf('export.start')).toMatchObject([{ format: 'parquet', include: 'all', gzip: false }]);
  });
});

describe('ExportDialog preview', () => {
  it('shows the first rows and the card the backend previews for the chosen format', async () => {
    client.handlers.set('export.preview', () => ({ rows: ['{"prompt":"p1"}', '{"prompt":"p2"}'], card: '---\nlicense: mit\n---\n# card' }));
    const w = await mountWith(ExportDialog);
    await w.get('[data-testid="export-format"]').setValue('hf');
    await w.get('[data-testid="export-preview-open"]').trigger('click');
    await flushPromises();
    expect(client.callsOf('export.preview')).toMatchObject([{ format: 'hf', include: 'patched' }]);
    expect(w.get('[data-testid="export-preview"]').text()).toContain('{"prompt":"p2"}');
    expect(w.get('[data-testid="export-card"]').text()).toContain('license: mit');
  });
});
