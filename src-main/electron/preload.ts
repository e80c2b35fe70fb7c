// The sandboxed preload: exposes exactly the PreloadBridge as `window.prefstudio`, never ipcRenderer itself.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { StudioEvent } from '../shared/contract';
import type { Result } from '../shared/errors';
import { IpcChannel, type PreloadBridge } from '../shared/wire';

const bridge: PreloadBridge = {
  call: (method: string, input: unknown): Promise<Result<unknown>> =>
    ipcRenderer.invoke(IpcChannel.call, method, input),
  onEvent(listener: (event: StudioEvent) => void): () => void {
    // The IPC event object stays here: handing it to the page would leak `sender` (an ipcRenderer).
    const handler = (_event: IpcRendererEvent, studioEvent: StudioEvent) => listener(studioEvent);
    ipcRenderer.on(IpcChannel.event, handler);
    return () => {
      ipcRenderer.removeListener(IpcChannel.event, handler);
    };
  },
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
  pickOpenPath: (kind: 'project' | 'data' | 'folder'): Promise<string | null> =>
    ipcRenderer.invoke(IpcChannel.pickOpen, kind),
  pickSavePath: (kind: 'project' | 'export', defaultName: string): Promise<string | null> =>
    ipcRenderer.invoke(IpcChannel.pickSave, kind, defaultName),
};

contextBridge.exposeInMainWorld('prefstudio', bridge);
