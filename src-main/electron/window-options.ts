// The main window's options, built without touching Electron so a unit test can pin every security setting.
import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * Renderer isolation: context isolation and the sandbox on, Node off everywhere (workers included), web security
 * on, no insecure content, no <webview>, no remote fonts or spellcheck dictionaries fetched on the user's behalf.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Preference Studio',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}
