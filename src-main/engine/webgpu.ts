// Starts tfjs-backend-webgpu under Node or Electron's utility process on Dawn (the `webgpu` npm package's N-API
// addon, which drives Vulkan, Metal or D3D12), on a hardware adapter unless a CPU one is explicitly allowed.
import type * as TF from '@tensorflow/tfjs';

/** What the log, CLI and status bar say about the adapter. */
export interface WebGpuAdapter {
  vendor: string;
  architecture: string;
  description: string;
  /** A software rasteriser (SwiftShader, llvmpipe/lavapipe): correct but slower than the wasm backend. */
  software: boolean;
}

// Dawn marks SwiftShader as a fallback adapter; Mesa's lavapipe/llvmpipe is a CPU Vulkan driver it does not mark.
const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|software/i;

/** The fields of GPUAdapterInfo the app reads (the probe child sends these as JSON). */
export type AdapterInfoFields = Pick<GPUAdapterInfo, 'vendor' | 'architecture' | 'device' | 'description' | 'isFallbackAdapter'>;

export const NO_ADAPTER = 'Dawn found no WebGPU adapter (Linux needs the Vulkan loader, libvulkan1, and a Vulkan driver)';

export function describeAdapter(info: AdapterInfoFields): WebGpuAdapter {
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`;
  return {
    vendor: info.vendor || 'unknown vendor',
    architecture: info.architecture || 'unknown architecture',
    description: info.description || info.device || 'no description',
    software: info.isFallbackAdapter || SOFTWARE_NAMES.test(text),
  };
}

export function adapterLine(a: WebGpuAdapter): string {
  return `${a.vendor} ${a.architecture} (${a.description})${a.software ? ', a CPU emulation' : ''}`;
}

/**
 * Node before 21 has no `navigator`; tfjs-backend-webgpu looks for `navigator.gpu` when a backend is constructed.
 * Defined after the package is imported, so its own import-time registration (which would pick an adapter
 * itself) does not run and ours decides.
 */
function exposeGpu(gpu: GPU): void {
  const nav: unknown = Reflect.get(globalThis, 'navigator');
  if (typeof nav === 'object' && nav !== null) {
    if (Reflect.get(nav, 'gpu') !== gpu) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  } else {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  }
}

/**
 * tfjs-backend-webgpu's AddN binds every input as its own storage buffer, so tf.addN over more inputs than the
 * device allows per shader stage (8 by default; the optimizer's gradient norm sums one per parameter) fails
 * validation and yields garbage. Re-registered to add at most `limit - 1` inputs per dispatch, then the partial sums.
 */
const isTensorInfo = (x: unknown): x is TF.TensorInfo =>
  typeof x === 'object' && x !== null && 'dataId' in x && 'shape' in x && 'dtype' in x;

function patchAddN(tf: typeof TF, limit: number): void {
  const original = tf.getKernel('AddN', 'webgpu');
  if (!original) throw new Error('tfjs-backend-webgpu has no AddN kernel');
  const perCall = Math.max(2, limit - 1);
  tf.unregisterKernel('AddN', 'webgpu');
  tf.registerKernel({
    kernelName: 'AddN',
    backendName: 'webgpu',
    kernelFunc: (args) => {
      const run = (inputs: TF.TensorInfo[]): TF.TensorInfo => {
        if (inputs.length <= perCall) {
          // The webgpu kernel maps over its inputs as an array (tf.addN passes one), which the typed
          // NamedTensorInfoMap cannot express: call it through Reflect.apply and check what comes back.
          const out: unknown = Reflect.apply(original.kernelFunc, undefined, [{ ...args, inputs }]);
          if (!isTensorInfo(out)) throw new Error('the webgpu AddN kernel returned no single tensor');
          return out;
        }
        const partials: TF.TensorInfo[] = [];
        for (let i = 0; i < inputs.length; i += perCall) partials.push(run(inputs.slice(i, i + perCall)));
        const sum = run(partials);
        // Partial sums are backend data that no tensor owns: release them here.
        for (const p of partials) tf.engine().backend.disposeData(p.dataId);
        return sum;
      };
      return run(Object.values(args.inputs).filter(isTensorInfo));
    },
  });
}

/**
 * Registers and selects the `webgpu` backend on the first adapter Dawn offers (high-performance preference).
 * Throws, with the reason, when there is none (no Vulkan loader or driver) or, unless `allowSoftware`, when the
 * adapter is a CPU emulation. Returns the adapter.
 */
export async function startWebGpu(tf: typeof TF, allowSoftware: boolean): Promise<WebGpuAdapter> {
  const dawn = await import('webgpu');
  const webgpuBackend = await import('@tensorflow/tfjs-backend-webgpu');
  // GPUBufferUsage, GPUMapMode, … are globals in a browser; tfjs-backend-webgpu reads them as such.
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    throw new Error(NO_ADAPTER);
  }
  const found = describeAdapter(adapter.info);
  if (found.software && !allowSoftware) {
    throw new Error(`only a CPU adapter was found, ${adapterLine(found)}; set PREFSTUDIO_BACKEND=webgpu to use it anyway`);
  }
  // The limits tfjs-backend-webgpu asks for when it creates its own device: the adapter's maxima.
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
      // AddN binds one storage buffer per input (patchAddN splits what still exceeds the limit).
      maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
    },
  });
  exposeGpu(gpu);
  patchAddN(tf, device.limits.maxStorageBuffersPerShaderStage);
  if (tf.findBackend('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new webgpuBackend.WebGPUBackend(device, adapter.info));
  if (!(await tf.setBackend('webgpu'))) throw new Error(`the WebGPU backend failed to initialise on ${adapterLine(found)}`);
  await tf.ready();
  return found;
}
