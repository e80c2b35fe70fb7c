// The one app window and the web-contents hardening every window gets: CSP, no navigation, no popups.
import { app, BrowserWindow, session, shell } from 'electron';
import type { RendererLocation } from './renderer-origin';
import { mainWindowOptions } from './window-options';

/** Sends the CSP with every response the renderer's session receives (dev server and any fetched resource). */
export function installCsp(csp: string): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

/**
 * Keeps every webContents on our renderer: in-page navigation elsewhere and `window.open` are refused, and
 * http(s) links open in the user's browser instead, where they have no access to the bridge.
 */
export function hardenWebContents(renderer: RendererLocation): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (/^https?:\/\//.test(url) && !renderer.isTrusted(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!renderer.isTrusted(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!renderer.isTrusted(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

export function createMainWindow(renderer: RendererLocation, preloadPath: string): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preloadPath));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(renderer.url);
  return win;
}
