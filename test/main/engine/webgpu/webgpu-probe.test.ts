// The WebGPU adapter probe in its child process: what the child writes on stderr is captured (not inherited), its
// answer is parsed, and a crash, a hang, garbage or a failed package load all become "no adapter" with the reason.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBackendProbeNote } from '../../../../src-main/engine/backend';
import { hardwareAdapter, probeLogLines, probeWebGpuAdapter, runAdapterProbe } from '../../../../src-main/engine/webgpu-probe';

const dir = mkdtempSync(join(tmpdir(), 'webgpu-probe-'));

/** A stand-in child: writes `stderr` lines the way native code would, then `body` decides what it answers. */
function fakeChild(name: string, stderr: string[], body: string): string {
  const path = join(dir, `${name}.mjs`);
  writeFileSync(path, `import { writeSync } from 'node:fs';\n${stderr.map((l) => `writeSync(2, ${JSON.stringify(`${l}\n`)});`).join('\n')}\n${body}\n`);
  return path;
}

const NVIDIA = { vendor: 'nvidia', architecture: 'ampere', device: '', description: 'NVIDIA GeForce RTX 3080', isFallbackAdapter: false };
const DAWN_NOISE = [
  'error: XDG_RUNTIME_DIR is invalid or not set in the environment.',
  'Warning: Vulkan shaderUniform*ArrayDynamicIndexing required.',
  ' - While initializing adapter (backend=BackendType::Vulkan)',
];

describe('webgpu adapter probe (child process)', () => {
  it('captures the child\'s stderr for the log and takes a hardware adapter from its answer', async () => {
    const entry = fakeChild('hardware', DAWN_NOISE, `console.log(JSON.stringify({ adapter: ${JSON.stringify(NVIDIA)} }));`);
    const probe = await runAdapterProbe({ entry });
    expect(probe.reason).toBeNull();
    expect(probe.native).toEqual(DAWN_NOISE);
    expect(hardwareAdapter(probe)).toEqual({ vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA GeForce RTX 3080', software: false });
    const lines = probeLogLines(probe);
    expect(lines[0]).toMatch(/^webgpu adapter probe \(child process, \d+ ms\): nvidia ampere \(NVIDIA GeForce RTX 3080\)$/);
    expect(lines.slice(1)).toEqual(DAWN_NOISE.map((l) => `webgpu probe stderr: ${l}`));
    // As backendOnce logs them, and as the job host relays a job's: the CLI leaves these out unless --verbose.
    expect(isBackendProbeNote(`backend probe: ${lines[1]}`)).toBe(true);
    expect(isBackendProbeNote(`[job train 1234abcd] backend probe: ${lines[1]}`)).toBe(true);
    expect(isBackendProbeNote('backend: wasm — WebAssembly')).toBe(false);
  });

  it('turns down a software adapter and names Dawn\'s own complaint when there is none', async () => {
    const swiftshader = { vendor: 'google', architecture: 'swiftshader', device: 'swiftshader-device-subzero-', description: 'SwiftShader driver 5.0.0', isFallbackAdapter: true };
    const soft = await runAdapterProbe({ entry: fakeChild('software', [], `console.log(JSON.stringify({ adapter: ${JSON.stringify(swiftshader)} }));`) });
    expect(() => hardwareAdapter(soft)).toThrow(/^only a CPU adapter was found, google swiftshader \(SwiftShader driver 5\.0\.0\), a CPU emulation; set PREFSTUDIO_BACKEND=webgpu/);
    const none = await runAdapterProbe({ entry: fakeChild('none', DAWN_NOISE, 'console.log(JSON.stringify({ adapter: null }));') });
    expect(() => hardwareAdapter(none)).toThrow(/^Dawn found no WebGPU adapter .*; Dawn turned one down: Vulkan shaderUniform\*ArrayDynamicIndexing required\.$/);
  });

  it('a crash, a hang, garbage or a package that does not load is "no adapter" with the reason, never a throw', async () => {
    const crash = await runAdapterProbe({ entry: fakeChild('crash', ['Segmentation fault in the driver'], 'process.kill(process.pid, "SIGSEGV");') });
    expect(crash.adapter).toBeNull();
    expect(crash.reason).toBe('the WebGPU probe ended with SIGSEGV');
    expect(crash.native).toEqual(['Segmentation fault in the driver']);
    const failed = await runAdapterProbe({ entry: fakeChild('exit', [], 'process.exit(3);') });
    expect(failed.reason).toBe('the WebGPU probe ended with exit code 3');
    const hang = await runAdapterProbe({ entry: fakeChild('hang', ['enumerating'], 'setInterval(() => {}, 1000);'), timeoutMs: 500 });
    expect(hang.adapter).toBeNull();
    expect(hang.reason).toBe('the WebGPU probe took over 500 ms and was stopped');
    expect(hang.native).toEqual(['enumerating']);
    const garbage = await runAdapterProbe({ entry: fakeChild('garbage', [], 'console.log("hello");') });
    expect(garbage.reason).toBe('the WebGPU probe printed no answer (hello)');
    const noPackage = await runAdapterProbe({ entry: fakeChild('nopkg', [], 'console.log(JSON.stringify({ error: "Cannot find module dawn.node\\nRequire stack: …" }));') });
    expect(noPackage.reason).toBe('the webgpu package did not load: Cannot find module dawn.node');
    const missing = await runAdapterProbe({ entry: join(dir, 'no-such-child.mjs') });
    expect(missing.adapter).toBeNull();
    expect(missing.reason).toMatch(/^the WebGPU probe ended with exit code 1$/);
  });

  it('probes once per process for the same driver settings, again for others', async () => {
    const env = { PATH: process.env.PATH, VK_ICD_FILENAMES: join(dir, 'no-such-icd.json') };
    const first = probeWebGpuAdapter(env);
    expect(probeWebGpuAdapter({ ...env, UNRELATED: '1' })).toBe(first);
    expect(probeWebGpuAdapter({ ...env, VK_ICD_FILENAMES: join(dir, 'other-icd.json') })).not.toBe(first);
    // The real child with a driver list that names no file: Dawn finds no adapter.
    const probe = await first;
    expect(probe.adapter).toBeNull();
    expect(probe.reason).toMatch(/^(Dawn found no WebGPU adapter|the webgpu package did not load)/);
  }, 60_000);
});

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const hasLoader = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1'].some((p) => existsSync(p));

describe.skipIf(!hasLoader || !existsSync(ICD))('webgpu adapter probe on SwiftShader (real Dawn in the child)', () => {
  it('names the CPU adapter and turns it down', async () => {
    const env = { ...process.env, VK_ICD_FILENAMES: ICD };
    const probe = await runAdapterProbe({ env });
    expect(probe.adapter).toMatchObject({ vendor: 'google', architecture: 'swiftshader', software: true });
    expect(() => hardwareAdapter(probe)).toThrow(/only a CPU adapter was found, google swiftshader/);
  }, 60_000);
});
