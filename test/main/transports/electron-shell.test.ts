// The Electron shell's checks, with `electron` replaced by a recording stand-in (the binary cannot run here):
// which URLs count as our renderer, what the preload exposes, and which IPC senders reach the api.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IpcChannel, type PreloadBridge } from '../../../src-main/shared/wire';
import { rendererCsp, rendererLocation } from '../../../src-main/electron/renderer-origin';
import { FakeStudioApi, fakeJob, ok } from './fake-api';

type Listener = (...args: unknown[]) => unknown;

const electron = vi.hoisted(() => {
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const rendererListeners = new Map<string, Set<(...args: unknown[]) => unknown>>();
  return {
    handlers,
    rendererListeners,
    exposed: new Map<string, unknown>(),
    invoke: vi.fn(async (..._args: unknown[]) => null as unknown),
    sent: [] as unknown[][],
    windows: [] as unknown[],
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => electron.exposed.set(key, value) },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, listener: Listener) => {
      const set = electron.rendererListeners.get(channel) ?? new Set();
      set.add(listener);
      electron.rendererListeners.set(channel, set);
    },
    removeListener: (channel: string, listener: Listener) =>
      electron.rendererListeners.get(channel)?.delete(listener),
  },
  webUtils: { getPathForFile: (file: { name: string }) => `/picked/${file.name}` },
  ipcMain: {
    handle: (channel: string, handler: Listener) => electron.handlers.set(channel, handler),
    removeHandler: (channel: string) => electron.handlers.delete(channel),
  },
  dialog: {},
  BrowserWindow: { getAllWindows: () => electron.windows, fromWebContents: () => null },
}));

const appUrl = 'prefstudio://app/index.html';
const fileUrl = pathToFileURL(join('/app', 'out', 'renderer', 'index.html')).href;

describe('renderer location', () => {
  it('loads the app scheme, never file://, and trusts only the app origin', () => {
    const built = rendererLocation(undefined);
    expect(built.url).toBe(appUrl);
    expect(built.isTrusted(`${appUrl}#/datasets`)).toBe(true);
    expect(built.isTrusted(`${appUrl}?x=1`)).toBe(true);
    expect(built.isTrusted(fileUrl)).toBe(false);
    expect(built.isTrusted('prefstudio://other/index.html')).toBe(false);
    expect(built.isTrusted('prefstudio://user@app/index.html')).toBe(false);
    expect(built.isTrusted('http://127.0.0.1:5173/')).toBe(false);
    expect(built.isTrusted('not a url')).toBe(false);
  });

  it('trusts the dev server origin in development, and lets HMR connect to it', () => {
    const dev = rendererLocation('http://localhost:5173/');
    expect(dev.url).toBe('http://localhost:5173/');
    expect(dev.isTrusted('http://localhost:5173/some/route')).toBe(true);
    expect(dev.isTrusted('http://localhost:5174/')).toBe(false);
    expect(dev.isTrusted(appUrl)).toBe(false);
    expect(rendererCsp('http://localhost:5173/')).toContain("connect-src 'self' ws://localhost:5173;");
    expect(rendererCsp(undefined)).toContain("connect-src 'self';");
    expect(rendererCsp(undefined)).toContain("script-src 'self';");
  });
});

describe('preload bridge', () => {
  beforeEach(async () => {
    vi.resetModules();
    electron.exposed.clear();
    electron.rendererListeners.clear();
    await import('../../../src-main/electron/preload');
  });

  it('exposes exactly the PreloadBridge methods under window.prefstudio', async () => {
    const bridge = electron.exposed.get('prefstudio') as PreloadBridge;
    expect([...electron.exposed.keys()]).toEqual(['prefstudio']);
    expect(Object.keys(bridge).sort()).toEqual([
      'call',
      'onEvent',
      'pathForFile',
      'pickOpenPath',
      'pickSavePath',
    ]);
    await bridge.call('pairs.get', { id: 1 });
    await bridge.pickSavePath('export', 'pairs.jsonl');
    expect(electron.invoke.mock.calls.slice(-2)).toEqual([
      [IpcChannel.call, 'pairs.get', { id: 1 }],
      [IpcChannel.pickSave, 'export', 'pairs.jsonl'],
    ]);
    expect(bridge.pathForFile({ name: 'hh.jsonl' } as File)).toBe('/picked/hh.jsonl');
  });

  it('hands listeners the studio event only, and unsubscribes', () => {
    const bridge = electron.exposed.get('prefstudio') as PreloadBridge;
    const seen: unknown[] = [];
    const off = bridge.onEvent((event) => seen.push(event));
    const event = { type: 'pairs-changed', datasetId: 1 };
    for (const listener of electron.rendererListeners.get(IpcChannel.event) ?? [])
      listener({ sender: 'ipc' }, event);
    expect(seen).toEqual([event]);
    off();
    expect(electron.rendererListeners.get(IpcChannel.event)?.size).toBe(0);
  });
});

describe('main-process IPC', () => {
  const trustedFrame = { url: `${appUrl}#/`, parent: null };
  const call = (frame: unknown, method: unknown, input: unknown) =>
    electron.handlers.get(IpcChannel.call)?.({ senderFrame: frame, sender: {} }, method, input);

  it('dispatches calls from our renderer and refuses everyone else', async () => {
    const { registerIpc } = await import('../../../src-main/electron/ipc');
    const api = new FakeStudioApi().on('pairs.get', (input) => ok(input));
    const unregister = registerIpc(api, rendererLocation(undefined).isTrusted);
    expect(await call(trustedFrame, 'pairs.get', { id: 2 })).toEqual({ ok: true, value: { id: 2 } });
    expect(await call({ url: 'https://evil.example/', parent: null }, 'pairs.get', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    expect(await call({ url: trustedFrame.url, parent: trustedFrame }, 'pairs.get', {})).toMatchObject({
      ok: false,
    });
    expect(await call(null, 'pairs.get', {})).toMatchObject({ ok: false });
    expect(await call(trustedFrame, 42, {})).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(api.calls).toEqual([{ method: 'pairs.get', input: { id: 2 } }]);
    unregister();
    expect(electron.handlers.size).toBe(0);
    expect(api.listenerCount()).toBe(0);
  });

  it('forwards api events to windows showing our renderer only', async () => {
    const { registerIpc } = await import('../../../src-main/electron/ipc');
    const windowAt = (url: string, name: string) => ({
      isDestroyed: () => false,
      webContents: { getURL: () => url, send: (...args: unknown[]) => electron.sent.push([name, ...args]) },
    });
    electron.windows.splice(
      0,
      electron.windows.length,
      windowAt(appUrl, 'ours'),
      windowAt(fileUrl, 'file'),
      windowAt('https://evil.example/', 'other'),
    );
    const api = new FakeStudioApi();
    const unregister = registerIpc(api, rendererLocation(undefined).isTrusted);
    const event = { type: 'job', job: fakeJob() } as const;
    api.emit(event);
    expect(electron.sent).toEqual([['ours', IpcChannel.event, event]]);
    unregister();
  });
});
