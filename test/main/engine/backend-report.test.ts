// The backend probe's order, its PREFSTUDIO_BACKEND names and the one-line report (short, or with reasons).
import { describe, expect, it } from 'vitest';
import { BACKEND_ORDER, describeBackend, preferredFromEnv, withoutBackendReasons } from '../../../src-main/engine/backend';

describe('backend probe order and report', () => {
  it('tries CUDA, then WebGPU, then native CPU, wasm and plain JS', () => {
    expect(BACKEND_ORDER).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']);
    expect(preferredFromEnv({ PREFSTUDIO_BACKEND: 'webgpu' })).toBe('webgpu');
    expect(() => preferredFromEnv({ PREFSTUDIO_BACKEND: 'vulkan' })).toThrow(/tensorflow-gpu, webgpu, tensorflow, wasm, cpu/);
  });

  it('names the adapter always, and why better backends were not used only when asked', () => {
    const report = {
      name: 'webgpu' as const,
      detail: 'WebGPU on nvidia ampere (NVIDIA GeForce RTX 3080) (tfjs-backend-webgpu on Dawn)',
      rejected: [{ name: 'tensorflow-gpu', reason: 'libcudnn.so.8: cannot open shared object file' }],
    };
    const full = describeBackend(report);
    expect(full).toBe(`backend: webgpu — ${report.detail}; not used: tensorflow-gpu (libcudnn.so.8: cannot open shared object file)`);
    expect(withoutBackendReasons(full)).toBe(`backend: webgpu — ${report.detail}`);
    // As the job host relays a job's line; other lines pass untouched.
    expect(withoutBackendReasons(`[job train 1234abcd] ${full}`)).toBe(`[job train 1234abcd] backend: webgpu — ${report.detail}`);
    expect(withoutBackendReasons('train: 3/6 steps; not used: nothing')).toBe('train: 3/6 steps; not used: nothing');
  });
});
