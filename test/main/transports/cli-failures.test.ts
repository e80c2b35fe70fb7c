// `prefstudio failures` and `prefstudio discover` through runCli on the real services and a real project file.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJobContext } from '../../../src-main/jobs/context';
import { runDiscovery } from '../../../src-main/jobs/discover/discover-run';
import { createNodeStudio } from '../../../src-main/services/node-studio';
import { DiscoverOptions, type FailureMode, type FailurePage } from '../../../src-main/shared/discovery-dto';
import { openProject } from '../../../src-main/store/project';
import { runCli, type CliDeps } from '../../../src-main/transports/cli/run';
import { fakeDecoder } from '../jobs/discover/fake-decoder';

function sink() {
  return {
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

let dir: string;
let project: string;
let stdout: ReturnType<typeof sink>;
let stderr: ReturnType<typeof sink>;

const deps = (): CliDeps => ({
  createApi: async () => createNodeStudio({ log: () => undefined }),
  stdout,
  stderr,
  env: { TERM: 'dumb' },
  version: '9.9.9',
  cwd: dir,
  onInterrupt: () => () => undefined,
});
const cli = (...args: string[]) => runCli(args, deps());

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prefstudio-cli-failures-'));
  project = join(dir, 'p.prefstudio');
  stdout = sink();
  stderr = sink();
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

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(() => {
  stdout = sink();
  stderr = sink();
});

describe('prefstudio failures', () => {
  it('lists the failure modes with counts, statistics and ids', async () => {
    expect(await cli('failures', project)).toBe(0);
    expect(stdout.text).toMatch(/aligned\s+8 {2}shorter than the reference {2}\[share 1, meanWords/);
    stdout = sink();
    expect(await cli('failures', project, '--json')).toBe(0);
    const modes = (JSON.parse(stdout.text) as { value: FailureMode[] }).value;
    expect(modes.find((m) => m.id === 'length:aligned:shorter')?.count).toBe(8);
  });

  it('prints one mode’s failures with rewards, gap and the demo rule', async () => {
    expect(await cli('failures', project, '--mode', 'length:aligned:shorter', '--json')).toBe(0);
    const page = (JSON.parse(stdout.text) as { value: FailurePage }).value;
    expect(page.total).toBe(8);
    stdout = sink();
    expect(await cli('failures', project, '--mode', 'length:aligned:shorter')).toBe(0);
    expect(stdout.text).toMatch(/^#\d+ aligned r=1\.000 vs 2\.000 \(gap 1\.000\) {2}rule says: bad$/m);
    expect(stdout.text).toContain('8 failures in mode length:aligned:shorter');
  });
});

describe('prefstudio discover', () => {
  it('refuses to start without a trained policy of the role, naming the command that makes one', async () => {
    expect(await cli('discover', project, '--model', '1', '--role', 'aligned')).not.toBe(0);
    expect(stderr.text).toMatch(/model 1 \(rm\) is a created reward model|no ready aligned policy/);
  });

  it('rejects unknown flag values with a usage error', async () => {
    expect(await cli('discover', project, '--role', 'sideways')).toBe(2);
    expect(stderr.text).toContain('unknown --role "sideways"');
  });
});
