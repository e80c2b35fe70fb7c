// The CLI's commands driven through runCli with a fake api: --json documents, job waiting, Ctrl-C and serve.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportIssue, Job, ProjectStats } from '../../../src-main/shared/dto';
import { runCli, type CliDeps } from '../../../src-main/transports/cli/run';
import { FakeStudioApi, fakeJob, ok } from './fake-api';

interface Sink {
  text: string;
  isTTY: boolean;
  write(chunk: string): boolean;
}

function sink(isTTY = false): Sink {
  return {
    text: '',
    isTTY,
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

let dir: string;
let project: string;
let api: FakeStudioApi;
let stdout: Sink;
let stderr: Sink;
let interrupt: () => void;

function deps(overrides: Partial<CliDeps> = {}): CliDeps {
  return {
    createApi: async () => api,
    stdout,
    stderr,
    env: {},
    version: '9.9.9',
    cwd: dir,
    rendererDir: join(dir, 'renderer'),
    onInterrupt: (listener) => {
      interrupt = listener;
      return () => {
        interrupt = () => {};
      };
    },
    ...overrides,
  };
}

const projectInfo = () => ({
  path: project,
  name: 'p',
  artifactsDir: `${project}.artifacts`,
  schemaVersion: 1,
});

function issue(id: number): ImportIssue {
  return {
    id,
    jobId: 'job-1',
    datasetId: 1,
    file: '/data/hh.jsonl',
    line: id * 10,
    field: id % 2 === 0 ? null : 'chosen',
    kind: 'error',
    reason: 'empty-response',
    // The real importer prefixes its messages with their location; issue 3 does, to check it is not repeated.
    message: `${id === 3 ? `/data/hh.jsonl:30, field "chosen": ` : ''}row ${id} has an empty response`,
    excerpt: '{}',
  };
}

/** Scripts a job that reports progress and then ends in `final` right after `*.start` answers. */
function scriptJob(method: string, final: Partial<Job>): void {
  api.on(method, () => {
    setImmediate(() => {
      api.emit({ type: 'job', job: fakeJob({ progress: { ...fakeJob().progress, done: 50 } }) });
      setImmediate(() =>
        api.emit({ type: 'job', job: fakeJob({ finishedAt: '2025-01-01T00:00:03.000Z', ...final }) }),
      );
    });
    return ok(fakeJob({ state: 'queued' }));
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prefstudio-cli-'));
  project = join(dir, 'p.prefstudio');
  await writeFile(join(dir, 'hh.jsonl'), '{"chosen":"a","rejected":"b"}\n');
  api = new FakeStudioApi(`${project}.artifacts`).on('project.open', () => ok(projectInfo()));
  stdout = sink();
  stderr = sink();
  interrupt = () => {};
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runtime failures', () => {
  it('refuses a project that does not exist for read-only commands (exit 1, one line, JSON error)', async () => {
    expect(await runCli(['stats', 'missing.prefstudio', '--json'], deps())).toBe(1);
    expect(stderr.text).toBe(
      `prefstudio: error: project ${join(dir, 'missing.prefstudio')} does not exist\n`,
    );
    expect(JSON.parse(stdout.text)).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
    expect(api.calls).toEqual([]);
    expect(api.closed).toBe(true);
  });

  it('refuses to create a project in a folder that does not exist', async () => {
    expect(await runCli(['import', 'nowhere/p.prefstudio', 'hh.jsonl'], deps())).toBe(1);
    expect(stderr.text).toContain(`folder ${join(dir, 'nowhere')} does not exist`);
  });

  it('reports service errors as one line and a thrown error without its stack', async () => {
    await writeFile(project, '');
    api.on('project.stats', () => ({
      ok: false,
      error: { code: 'PROJECT_CORRUPT', message: 'p.prefstudio is\nnot a project' },
    }));
    expect(await runCli(['stats', 'p.prefstudio'], deps())).toBe(1);
    expect(stderr.text).toBe('prefstudio: error: p.prefstudio is not a project\n');
    stderr.text = '';
    api.on('project.stats', () => {
      throw new Error('boom');
    });
    expect(await runCli(['stats', 'p.prefstudio'], deps())).toBe(1);
    expect(stderr.text).toBe('prefstudio: error: boom\n');
  });

  it('turns a failed job into exit 1 naming the job error', async () => {
    scriptJob('import.start', {
      state: 'failed',
      error: { code: 'UNKNOWN_FORMAT', message: 'cannot tell the format of hh.jsonl' },
    });
    expect(await runCli(['import', 'p.prefstudio', 'hh.jsonl', '--json'], deps())).toBe(1);
    // The CLI adds the flags that answer it.
    expect(stderr.text).toBe(
      'prefstudio: error: import failed: cannot tell the format of hh.jsonl ' +
        '(--format FORMAT; for flat files also --map prompt=COLUMN,chosen=COLUMN,rejected=COLUMN)\n',
    );
    expect(JSON.parse(stdout.text)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_FORMAT' } });
  });
});

describe('import', () => {
  beforeEach(() => {
    scriptJob('import.start', { state: 'done', result: { imported: 1180, rejected: 3, datasetId: 1 } });
    api.on('import.issues', () => ok({ rows: [issue(1), issue(2)], nextAfter: 2, total: 3 }));
  });

  it('maps flags onto project.open and import.start, and prints one JSON document', async () => {
    const argv = [
      'import',
      'p.prefstudio',
      'hh.jsonl',
      '--format',
      'flat',
      '--map',
      'prompt=q,chosen=a,rejected=b',
    ];
    expect(
      await runCli(
        [...argv, '--name', 'mine', '--split', 'test', '--pku-preference', 'safer', '--json'],
        deps(),
      ),
    ).toBe(0);
    expect(api.calls.slice(0, 2)).toEqual([
      { method: 'project.open', input: { path: project, create: true } },
      {
        method: 'import.start',
        input: {
          path: join(dir, 'hh.jsonl'),
          format: 'flat',
          mapping: { prompt: 'q', chosen: 'a', rejected: 'b' },
          datasetName: 'mine',
          pkuPreference: 'safer',
          split: 'test',
        },
      },
    ]);
    expect(api.calls[2]).toEqual({ method: 'import.issues', input: { jobId: 'job-1', limit: 5 } });
    const doc = JSON.parse(stdout.text) as {
      ok: boolean;
      value: { job: Job; issues: { total: number; rows: unknown[] } };
    };
    expect(doc.ok).toBe(true);
    expect(doc.value.job.state).toBe('done');
    expect(doc.value.issues).toMatchObject({ total: 3, rows: [{ id: 1 }, { id: 2 }] });
    expect(stderr.text).toBe('');
    expect(api.closed).toBe(true);
  });

  it('names --format and --map when the service cannot tell a file\'s format', async () => {
    api.on('import.start', () => ({
      ok: false,
      error: { code: 'UNKNOWN_FORMAT', message: 'cannot tell the format of /data/rows.csv (fields seen: q, a, b)' },
    }));
    await writeFile(join(dir, 'rows.csv'), 'q,a,b\n1,2,3\n');
    expect(await runCli(['import', 'p.prefstudio', 'rows.csv'], deps())).toBe(1);
    expect(stderr.text.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.text).toContain('cannot tell the format of /data/rows.csv');
    expect(stderr.text).toContain('--map prompt=COLUMN,chosen=COLUMN,rejected=COLUMN');
  });

  it('prints follow-up hints as the user ran the CLI, with the project quoted for the shell', async () => {
    await writeFile(join(dir, 'my project.prefstudio'), '');
    expect(await runCli(['import', 'my project.prefstudio', 'hh.jsonl'], deps({ prog: 'npx prefstudio' }))).toBe(0);
    expect(stdout.text).toContain("List them all with: npx prefstudio issues 'my project.prefstudio' --job job-1");
  });

  it('prints a report, the first rejected rows and how to list them all', async () => {
    expect(await runCli(['import', 'p.prefstudio', 'hh.jsonl'], deps())).toBe(0);
    expect(stdout.text).toContain('import done in 0:03 (job job-1)');
    expect(stdout.text).toMatch(/imported\s+1,180/);
    expect(stdout.text).toContain('/data/hh.jsonl:10 chosen empty-response row 1 has an empty response');
    expect(stdout.text).toContain('/data/hh.jsonl:20 - empty-response');
    expect(stdout.text).toContain('List them all with: prefstudio issues p.prefstudio --job job-1');
  });

  it('logs progress lines on a non-terminal stderr', async () => {
    expect(await runCli(['import', 'p.prefstudio', 'hh.jsonl'], deps())).toBe(0);
    expect(stderr.text).toMatch(/^import: +50% +50\/100 pairs {2}ETA --:--$/m);
    expect(stderr.text).not.toContain('\r');
  });
});

describe('Ctrl-C during a job', () => {
  beforeEach(() => {
    api.on('demo.start', () => {
      setImmediate(() => interrupt());
      return ok(fakeJob({ kind: 'demo' }));
    });
  });

  it('asks for a soft cancel and exits 130 once the job reports cancelled', async () => {
    api.on('jobs.cancel', () => {
      setImmediate(() => api.emit({ type: 'job', job: fakeJob({ kind: 'demo', state: 'cancelled' }) }));
      return ok(fakeJob({ kind: 'demo' }));
    });
    expect(await runCli(['demo', 'p.prefstudio', '--pairs', '100'], deps())).toBe(130);
    expect(api.calls.map((c) => c.method)).toEqual(['project.open', 'demo.start', 'jobs.cancel']);
    expect(api.calls[1]?.input).toEqual({ pairs: 100 });
    expect(api.calls[2]?.input).toEqual({ id: 'job-1' });
    expect(stderr.text).toContain('Cancelling after the current batch');
    expect(stderr.text).toContain('demo cancelled (job job-1)');
    expect(api.closed).toBe(true);
  });

  it('stops waiting on a second Ctrl-C', async () => {
    api.on('jobs.cancel', () => {
      setImmediate(() => interrupt());
      return ok(fakeJob({ kind: 'demo' }));
    });
    expect(await runCli(['demo', 'p.prefstudio'], deps())).toBe(130);
    expect(stderr.text).toContain('demo abandoned');
  });
});

describe('stats, export and issues', () => {
  beforeEach(async () => {
    await writeFile(project, '');
  });

  it('stats --json returns the project statistics', async () => {
    const stats: ProjectStats = {
      project: projectInfo(),
      pairs: 1200,
      byOrigin: { original: 1200 },
      bySplit: { train: 1000, test: 200 },
      datasets: [],
      issues: { errors: 3, duplicates: 1 },
      jobs: { done: 1 },
    };
    api.on('project.stats', () => ok(stats));
    expect(await runCli(['stats', 'p.prefstudio', '--json'], deps())).toBe(0);
    expect(JSON.parse(stdout.text)).toEqual({ ok: true, value: stats });
    expect(api.calls[0]).toEqual({ method: 'project.open', input: { path: project, create: false } });
    stdout.text = '';
    expect(await runCli(['stats', 'p.prefstudio'], deps())).toBe(0);
    expect(stdout.text).toContain('by split   train 1,000 · test 200');
  });

  it('export passes shape and filter through', async () => {
    scriptJob('export.start', { kind: 'export', state: 'done', result: { rows: 10 } });
    const argv = [
      'export',
      'p.prefstudio',
      'out.jsonl',
      '--shape',
      'hh',
      '--dataset',
      '2',
      '--origin',
      'original',
      '--search',
      'cats',
    ];
    expect(await runCli(argv, deps())).toBe(0);
    expect(api.calls[1]).toEqual({
      method: 'export.start',
      input: {
        path: join(dir, 'out.jsonl'),
        shape: 'hh',
        filter: { datasetId: 2, origin: 'original', search: 'cats' },
      },
    });
    expect(stdout.text).toContain(
      `wrote ${join(dir, 'out.jsonl')} and ${join(dir, 'out.jsonl')}.manifest.json`,
    );
  });

  it('issues pages through every row, one file:line field reason message per line', async () => {
    api.on('import.issues', (input) => {
      const after = (input as { after?: number }).after;
      return ok(
        after === undefined
          ? { rows: [issue(1), issue(2)], nextAfter: 2, total: 3 }
          : { rows: [issue(3)], nextAfter: null, total: 3 },
      );
    });
    expect(await runCli(['issues', 'p.prefstudio', '--dataset', '1'], deps())).toBe(0);
    expect(stdout.text.trimEnd().split('\n')).toEqual([
      '/data/hh.jsonl:10 chosen empty-response row 1 has an empty response',
      '/data/hh.jsonl:20 - empty-response row 2 has an empty response',
      '/data/hh.jsonl:30 chosen empty-response row 3 has an empty response',
    ]);
    expect(api.calls.slice(1).map((c) => c.input)).toEqual([
      { datasetId: 1, limit: 1000 },
      { datasetId: 1, after: 2, limit: 1000 },
    ]);
    expect(stderr.text).toBe('3 issues\n');
  });
});

describe('serve', () => {
  it('refuses to start when the renderer is not built', async () => {
    expect(await runCli(['serve', 'p.prefstudio'], deps())).toBe(1);
    expect(stderr.text).toContain('run npm run build first');
  });

  it('prints the tokenised URL, serves until Ctrl-C, then closes', async () => {
    await mkdir(join(dir, 'renderer'));
    await writeFile(join(dir, 'renderer', 'index.html'), '<title>studio</title>');
    api.on('app.info', () => ok({ version: '9.9.9' }));
    let resolveStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => (resolveStarted = resolve));
    const out = sink();
    out.write = function (chunk: string) {
      this.text += chunk;
      resolveStarted();
      return true;
    };
    const exit = runCli(['serve', 'p.prefstudio', '--json'], deps({ stdout: out }));
    await started;
    const doc = JSON.parse(out.text) as { value: { url: string; token: string; port: number } };
    expect(doc.value.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    const res = await fetch(`http://127.0.0.1:${doc.value.port}/api/call/app.info`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${doc.value.token}` },
      body: '{}',
    });
    expect(await res.json()).toEqual({ ok: true, value: { version: '9.9.9' } });
    interrupt();
    expect(await exit).toBe(0);
    await expect(fetch(doc.value.url)).rejects.toThrow();
    expect(api.closed).toBe(true);
  });
});
