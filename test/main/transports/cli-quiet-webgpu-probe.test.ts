// A real `prefstudio train` in its own process: what the Vulkan loader, its layers and Dawn print while the WebGPU
// probe enumerates adapters never reaches the CLI's stderr; with --verbose it is there, as the probe's log lines.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAdapterProbe } from '../../../src-main/engine/webgpu-probe';
import { spawnCli, type CliProcess } from '../../support/big-hh';

let dir: string | undefined;
let child: CliProcess | undefined;
afterEach(async () => {
  if (child && child.child.exitCode === null) child.child.kill('SIGKILL');
  await child?.exit;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
  child = undefined;
});

/** The lines this machine's Vulkan stack printed in the reproduction (docs/gpu.md names their sources). */
const NATIVE = /XDG_RUNTIME_DIR is invalid|shaderUniform\*ArrayDynamicIndexing|While initializing adapter|InitializeImpl/;

// The environment of a user's shell without a desktop session: no XDG_RUNTIME_DIR, the system's Vulkan drivers.
const env: NodeJS.ProcessEnv = { ...process.env };
for (const name of ['XDG_RUNTIME_DIR', 'VK_ICD_FILENAMES', 'PREFSTUDIO_BACKEND']) delete env[name];

async function cli(args: string[]): Promise<string> {
  child = spawnCli(args, env);
  const code = await child.exit;
  expect(code, child.stderr()).toBe(0);
  return child.stderr();
}

describe('the WebGPU probe keeps native noise off the CLI', () => {
  it('prefstudio train prints no Dawn/Vulkan lines; --verbose shows them as the probe\'s log lines with the decision', async (ctx) => {
    const direct = await runAdapterProbe({ env });
    if (direct.native.length === 0) ctx.skip('this machine\'s Vulkan stack prints nothing while Dawn enumerates adapters');
    dir = mkdtempSync(join(tmpdir(), 'prefstudio-quiet-'));
    const path = join(dir, 'quiet.prefstudio');
    await cli(['demo', path, '--pairs', '40']);
    const train = ['train', path, '--preset', 'bow', '--epochs', '1'];

    const quiet = await cli(train);
    expect(quiet).not.toMatch(NATIVE);
    expect(quiet).toMatch(/^\[job train [0-9a-f]{8}\] backend: \S+ — /m);
    expect(quiet).not.toMatch(/backend probe: |; not used: /);

    const verbose = await cli([...train, '--verbose']);
    const job = /^\[job train [0-9a-f]{8}\] /.source;
    expect(verbose).toMatch(new RegExp(`${job}backend: \\S+ — .*; not used: .*webgpu \\(`, 'm'));
    expect(verbose).toMatch(new RegExp(`${job}backend probe: webgpu adapter probe \\(child process, \\d+ ms\\): `, 'm'));
    const nativeLines = verbose.split('\n').filter((l) => NATIVE.test(l));
    expect(nativeLines.filter((l) => new RegExp(`${job}backend probe: webgpu probe stderr: `).test(l)).length).toBeGreaterThan(0);
    // Each one inside a log line of the probe (or as a reason on the backend line), never bare as the driver wrote it.
    for (const line of nativeLines) expect(line).toMatch(new RegExp(`${job}backend( probe)?: `));
  }, 240_000);
});
