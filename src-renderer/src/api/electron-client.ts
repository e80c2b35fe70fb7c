// StudioClient over the Electron preload façade (`window.prefstudio`): results unwrap to values or StudioError.
import type { MethodInput, MethodName, MethodOutput } from '@shared/contract';
import type { PreloadBridge } from '@shared/wire';
import { unwrap } from './result';
import type { RendererClient } from './types';

export function createElectronClient(bridge: PreloadBridge): RendererClient {
  return {
    mode: 'electron',
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      return unwrap(await bridge.call(method, input)) as MethodOutput<M>;
    },
    onEvent: (listener) => bridge.onEvent(listener),
    stageFile: async (file) => bridge.pathForFile(file),
    dialogs: {
      pickOpenPath: (kind) => bridge.pickOpenPath(kind),
      pickSavePath: (kind, defaultName) => bridge.pickSavePath(kind, defaultName),
    },
    onConnection(listener) {
      listener('live');
      return () => undefined;
    },
  };
}
