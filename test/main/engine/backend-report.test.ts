// The backend probe's order, its PREFSTUDIO_BACKEND names and the one-line report (short, or with reasons).
import { describe, expect, it } from 'vitest';
import { BACKEND_ORDER, describeBackend, preferredFromEnv } from '../../../src-main/engine/backend';

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
    expect(describeBackend(report, false)).toBe(`backend: webgpu — ${report.detail}`);
    expect(describeBackend(report)).toBe(`backend: webgpu — ${report.detail}; not used: tensorflow-gpu (libcudnn.so.8: cannot open shared object file)`);
  });
});
