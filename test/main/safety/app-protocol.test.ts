// The desktop window's security settings and the prefstudio://app/ protocol handler (the Electron binary cannot run
// here; both are plain functions): files inside out/renderer/ only, every traversal refused, the CSP on each response.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FuseV1Options } from '@electron/fuses';
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES, appFilePath, appProtocolHandler } from '../../../src-main/electron/app-protocol';
import { rendererCsp } from '../../../src-main/electron/renderer-origin';
import { mainWindowOptions } from '../../../src-main/electron/window-options';
import { APP_FUSES } from '../../../scripts/flip-fuses.mjs';

let dir: string;
let root: string;
const csp = rendererCsp(undefined);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'prefstudio-protocol-'));
  root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'assets', 'main.js'), 'export const x = 1;');
  writeFileSync(join(dir, 'secret.txt'), 'not for the renderer');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'assets', 'link.txt'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => appProtocolHandler(root, csp)({ url, method });

describe('app window options', () => {
  it('isolate the renderer: context isolation, sandbox, no Node anywhere, web security, no webview', () => {
    const prefs = mainWindowOptions('/app/out/preload/index.cjs').webPreferences ?? {};
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
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
    });
  });

  it('the scheme is standard and secure but bypasses nothing, and file:// loses its extra privileges', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('prefstudio');
    expect(APP_SCHEME_PRIVILEGES.privileges).toEqual({ standard: true, secure: true, supportFetchAPI: true, codeCache: true });
    expect(APP_INDEX_URL).toBe('prefstudio://app/index.html');
    expect((APP_FUSES as Record<number, boolean>)[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });
});

describe('prefstudio://app/ handler', () => {
  it('serves the renderer files with their type, the CSP and nosniff', async () => {
    const index = await get('prefstudio://app/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(csp);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await index.text()).toContain('<title>app</title>');
    const js = await get('prefstudio://app/assets/main.js?v=2#x');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('export const x = 1;');
    const head = await get('prefstudio://app/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('refuses every way out of the folder', async () => {
    for (const url of [
      'prefstudio://app/../secret.txt',
      'prefstudio://app/%2e%2e/secret.txt',
      'prefstudio://app/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'prefstudio://app/..%5csecret.txt',
      'prefstudio://app/%00index.html',
      'prefstudio://app/%E0%A4%A',
      'prefstudio://other/index.html',
      'file:///etc/passwd',
    ]) {
      const r = await get(url);
      expect([403, 404], url).toContain(r.status);
      expect(await r.text(), url).not.toContain('not for the renderer');
    }
    // URL parsing folds `..` and `%2e%2e` segments at the root (so they stay inside); an encoded `/` is left to
    // the handler, which decodes it and refuses the result.
    expect(appFilePath(root, 'prefstudio://app/%2e%2e/secret.txt')).toBe(join(root, 'secret.txt'));
    expect(appFilePath(root, 'prefstudio://app/assets/%2e%2e%2f%2e%2e%2fsecret.txt')).toBeNull();
    expect((await get('prefstudio://app/assets/%2e%2e%2f%2e%2e%2fsecret.txt')).status).toBe(403);
  });

  it('refuses a symlink inside that points outside, missing files, folders and writes', async () => {
    expect((await get('prefstudio://app/assets/link.txt')).status).toBe(403);
    expect((await get('prefstudio://app/missing.js')).status).toBe(404);
    expect((await get('prefstudio://app/assets')).status).toBe(404);
    expect((await get('prefstudio://app/index.html', 'POST')).status).toBe(405);
  });
});
