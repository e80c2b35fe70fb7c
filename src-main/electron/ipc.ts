// The main-process end of the preload bridge: contract calls from our renderer only, events out, native dialogs.
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, type FileFilter, type OpenDialogOptions } from 'electron';
import { ErrorCode, type Result } from '../shared/errors';
import { IpcChannel } from '../shared/wire';
import type { StudioApi } from '../services/studio-api';

const OPEN_FILTERS: Record<'project' | 'data', FileFilter[]> = {
  project: [{ name: 'Preference Studio project', extensions: ['prefstudio'] }],
  data: [
    { name: 'Preference data', extensions: ['jsonl', 'json', 'csv', 'tsv', 'gz'] },
    { name: 'All files', extensions: ['*'] },
  ],
};

const SAVE_FILTERS: Record<'project' | 'export', FileFilter[]> = {
  project: [{ name: 'Preference Studio project', extensions: ['prefstudio'] }],
  export: [{ name: 'JSON Lines', extensions: ['jsonl'] }],
};

/** A folder to write into or read from; the dialog may create it (macOS `createDirectory`, Windows `promptToCreate`). */
const FOLDER_DIALOG = { title: 'Choose a folder', properties: ['openDirectory', 'createDirectory', 'promptToCreate'] } satisfies OpenDialogOptions;

function refused(message: string): Result<never> {
  return { ok: false, error: { code: ErrorCode.Unauthorized, message } };
}

/**
 * Wires IPC for one api. Every handler first checks that the calling frame shows our renderer, so a page that
 * somehow got into a webContents (a navigation we failed to block, an iframe) cannot reach the data.
 * Returns the function that unregisters everything.
 */
export function registerIpc(api: StudioApi, isTrustedUrl: (url: string) => boolean): () => void {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    // Top-level frame only: our renderer has no iframes, so a subframe caller is never ours.
    return frame !== null && frame.parent === null && isTrustedUrl(frame.url);
  };
  const windowOf = (event: IpcMainInvokeEvent) => BrowserWindow.fromWebContents(event.sender);

  ipcMain.handle(
    IpcChannel.call,
    async (event, method: unknown, input: unknown): Promise<Result<unknown>> => {
      if (!trusted(event)) return refused('IPC call from a page that is not Preference Studio');
      if (typeof method !== 'string') {
        return {
          ok: false,
          error: { code: ErrorCode.InvalidRequest, message: 'method name must be a string' },
        };
      }
      return api.dispatch(method, input);
    },
  );

  ipcMain.handle(IpcChannel.pickOpen, async (event, kind: unknown): Promise<string | null> => {
    const win = windowOf(event);
    if (!trusted(event) || win === null || (kind !== 'project' && kind !== 'data' && kind !== 'folder')) return null;
    const picked = await dialog.showOpenDialog(win, kind === 'folder' ? FOLDER_DIALOG : {
      title: kind === 'project' ? 'Open project' : 'Choose a data file to import',
      properties: ['openFile'],
      filters: OPEN_FILTERS[kind],
    });
    return picked.canceled ? null : (picked.filePaths[0] ?? null);
  });

  ipcMain.handle(
    IpcChannel.pickSave,
    async (event, kind: unknown, defaultName: unknown): Promise<string | null> => {
      const win = windowOf(event);
      if (!trusted(event) || win === null || (kind !== 'project' && kind !== 'export')) return null;
      const picked = await dialog.showSaveDialog(win, {
        title: kind === 'project' ? 'New project' : 'Export pairs',
        defaultPath: typeof defaultName === 'string' ? defaultName : undefined,
        filters: SAVE_FILTERS[kind],
      });
      return picked.canceled || !picked.filePath ? null : picked.filePath;
    },
  );

  // Events go only to windows that still show our renderer.
  const unsubscribe = api.onEvent((studioEvent) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed() && isTrustedUrl(win.webContents.getURL()))
        win.webContents.send(IpcChannel.event, studioEvent);
    }
  });

  return () => {
    unsubscribe();
    for (const channel of [IpcChannel.call, IpcChannel.pickOpen, IpcChannel.pickSave])
      ipcMain.removeHandler(channel);
  };
}
