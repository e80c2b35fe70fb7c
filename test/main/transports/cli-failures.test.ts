// `prefstudio failures` and `prefstudio discover` through runCli on the real services and a real project file.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJobContext } from '../../../src-main/jobs/context';
import { runDiscovery } from '../../../src-main/jobs/discover/discover-run';
import { DiscoverOptions, type FailureMode, type FailurePage } from '../../../src-main/shared/discovery-dto';
import { openProject } from '../../../src-main/store/project';
import { cliHarness, sink, type CliHarness } from '../../support/cli-harness';
import { fakeDecoder } from '../jobs/discover/fake-decoder';

let h: CliHarness;
let project: string;
const cli = (...args: string[]) => h.cli(...args);

beforeAll(async () => {
  h = cliHarness('cli-failures');
  project = h.project;
  expect(await cli('demo', project, '--pairs', '60', '--seed', '4', '--json')).toBe(0);
  // One discovery run written with the in-test decoder (the CLI reads what any run stored).
  const db = openProject(project, { create: false });
  const rm = db.models.create({ name: 'rm', kind: 'reward' });
  const run = db.discovery.createRun({
    config: DiscoverOptions.parse({ split: 'train', prompts: 8, samples: 2 }),
    rewardModelId: rm.id,
    policies: { aligned: rm.id, misaligned: rm.id },
  });
  const jobId = randomUUID();
  db.jobs.create({ id: jobId, kind: 'decode', params: {} });
  const ctx = createJobContext({ db, jobId, params: {}, signal: new AbortController().signal, send: () => undefined });
  await runDiscovery(ctx, run.id, () => Promise.resolve(fakeDecoder({ calls: [], disposed: 0 }, undefined, true)));
  db.close();
});

afterAll(() => h.cleanup());

beforeEach(() => h.reset());

describe('prefstudio failures', () => {
  it('lists the failure modes with counts, statistics and ids', async () => {
    expect(await cli('failures', project)).toBe(0);
    expect(h.stdout.text).toMatch(/aligned\s+8 {2}shorter than the reference {2}\[share 1, meanWords/);
    h.stdout = sink();
    expect(await cli('failures', project, '--json')).toBe(0);
    const modes = (JSON.parse(h.stdout.text) as { value: FailureMode[] }).value;
    expect(modes.find((m) => m.id === 'length:aligned:shorter')?.count).toBe(8);
  });

  it('prints one mode’s failures with rewards, gap and the demo rule', async () => {
    expect(await cli('failures', project, '--mode', 'length:aligned:shorter', '--json')).toBe(0);
    const page = (JSON.parse(h.stdout.text) as { value: FailurePage }).value;
    expect(page.total).toBe(8);
    h.stdout = sink();
    expect(await cli('failures', project, '--mode', 'length:aligned:shorter')).toBe(0);
    expect(h.stdout.text).toMatch(/^#\d+ aligned r=1\.000 vs 2\.000 \(gap 1\.000\) {2}rule says: bad$/m);
    expect(h.stdout.text).toContain('8 failures in mode length:aligned:shorter');
  });
});

describe('prefstudio discover', () => {
  it('refuses to start without a trained policy of the role, naming the command that makes one', async () => {
    expect(await cli('discover', project, '--model', '1', '--role', 'aligned')).not.toBe(0);
    expect(h.stderr.text).toMatch(/model 1 \(rm\) is a created reward model|no ready aligned policy/);
  });

  it('rejects unknown flag values with a usage error', async () => {
    expect(await cli('discover', project, '--role', 'sideways')).toBe(2);
    expect(h.stderr.text).toContain('unknown --role "sideways"');
  });
});
