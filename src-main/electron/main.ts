// Electron main process (built to out/main/index.js): app lifecycle, the window, and the services behind IPC.
import { app, BrowserWindow, dialog, protocol, safeStorage, session } from 'electron';
import { fileURLToPath } from 'node:url';
import { configDir } from '../llm/secret-store';
import { createNodeStudio } from '../services/node-studio';
import type { StudioApi } from '../services/studio-api';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolHandler } from './app-protocol';
import { registerIpc } from './ipc';
import { electronSqliteBinding } from './native-binding';
import { denyAllPermissions } from './permissions';
import { utilityLauncher } from './utility-launcher';
import { rendererCsp, rendererLocation } from './renderer-origin';
import { desktopSecretStore } from './safe-storage-secrets';
import { createMainWindow, hardenWebContents, installCsp } from './window';

// Paths relative to the built bundle: out/main/index.js beside out/preload/ and out/renderer/.
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const renderer = rendererLocation(devServerUrl);

// Every renderer sandboxed, whatever a later window might ask for.
app.enableSandbox();
// The built renderer is served from prefstudio://app/ (its own origin), not file://; this must precede 'ready'.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

let api: StudioApi | null = null;
let closing = false;

async function start(): Promise<void> {
  installCsp(rendererCsp(devServerUrl));
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir, rendererCsp(devServerUrl)));
  denyAllPermissions(session.defaultSession, (line) => console.log(line));
  hardenWebContents(renderer);
  // Jobs run in worker threads of this process or in utility processes, never on this loop; they load
  // better-sqlite3 too, so they get the Electron-ABI build as well.
  const sqliteNativeBinding = electronSqliteBinding();
  const log = (line: string) => console.log(line);
  api = createNodeStudio({
    log,
    // safeStorage works only after 'ready', hence here; jobs get the key in their start message.
    secrets: desktopSecretStore(safeStorage, app.getPath('userData'), configDir(), log),
    processLauncher: utilityLauncher,
    ownerLabel: 'Preference Studio desktop app',
    ...(sqliteNativeBinding === undefined ? {} : { sqliteNativeBinding }),
  });
  registerIpc(api, renderer.isTrusted);
  createMainWindow(renderer, preloadPath);
}

if (!app.requestSingleInstanceLock()) {
  // A second launch focuses the first window instead: two processes must not write the same project.
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win === undefined) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      dialog.showErrorBox(
        'Preference Studio could not start',
        err instanceof Error ? err.message : String(err),
      );
      app.exit(1);
    });

  app.on('activate', () => {
    if (api !== null && BrowserWindow.getAllWindows().length === 0) createMainWindow(renderer, preloadPath);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Stop jobs (soft, then hard) and close the project before the process goes away.
  app.on('before-quit', (event) => {
    if (api === null || closing) return;
    event.preventDefault();
    closing = true;
    const done = () => app.quit();
    api.close().then(done, (err: unknown) => {
      console.error(`closing the studio failed: ${err instanceof Error ? err.message : String(err)}`);
      done();
    });
  });
}
