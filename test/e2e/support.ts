// Starts `prefstudio serve` from the build and Debian's Chromium for end-to-end tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => !!p && existsSync(p),
);

export interface Served {
  url: string;
  stop(): Promise<void>;
}

/** Runs a CLI command to completion (e.g. `demo` to fill a project before serving it). */
export function cli(...args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/prefstudio.js', ...args, '--json'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const stderr: string[] = [];
    child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`prefstudio ${args.join(' ')}: ${stderr.join('')}`))));
  });
}

/** Runs the real CLI (`serve --json`) and resolves with the tokenised URL it prints. */
export function serve(project: string): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, ['bin/prefstudio.js', 'serve', project, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PREFSTUDIO_BACKEND: 'wasm' },
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr.join('')}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const parsed = JSON.parse(line) as { ok: boolean; value: { url: string } };
      resolve({
        url: parsed.value.url,
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGINT');
          }),
      });
    });
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Root in CI, and a closed network: no sandbox, no background traffic.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
