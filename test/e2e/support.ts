// Starts `prefstudio serve` from the build and Debian's Chromium for end-to-end tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => !!p && existsSync(p),
);

interface Served {
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
function serve(project: string): Promise<Served> {
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

function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Root in CI, and a closed network: no sandbox, no background traffic.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface OpenApp {
  page: Page;
  close(): Promise<void>;
}

/**
 * `prefstudio serve` on the project and a Chromium page on its URL; `close` ends both. `beforeLoad` sees the page
 * before it loads (to listen to its console from the first line).
 */
export async function openInChromium(
  project: string,
  options: { height?: number; beforeLoad?: (page: Page) => void } = {},
): Promise<OpenApp> {
  const server = await serve(project);
  const browser = await launchChromium().catch(async (err: unknown) => {
    await server.stop();
    throw err;
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: options.height ?? 950 } });
  options.beforeLoad?.(page);
  await page.goto(server.url);
  return {
    page,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}

/**
 * Every chart on the page (uPlot, `data-testid="chart"`) has an x and a y axis, and hovering its plot area shows a
 * tooltip with text. Returns how many charts were checked, so a caller can insist there were some.
 */
export async function checkCharts(page: Page): Promise<number> {
  const charts = page.getByTestId('chart');
  const n = await charts.count();
  for (let i = 0; i < n; i++) {
    const chart = charts.nth(i);
    await chart.scrollIntoViewIfNeeded();
    const axes = await chart.locator('.u-axis').count();
    if (axes < 2) throw new Error(`chart ${i} (${await chart.getAttribute('aria-label')}) has ${axes} axes`);
    const over = chart.locator('.u-over');
    const box = await over.boundingBox();
    if (box === null) throw new Error(`chart ${i} has no plot area`);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tip = chart.getByTestId('chart-tooltip');
    await tip.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => {
      throw new Error(`chart ${i} shows no tooltip on hover`);
    });
    if (!((await tip.textContent()) ?? '').trim()) throw new Error(`chart ${i} has an empty tooltip`);
  }
  await page.mouse.move(0, 0);
  return n;
}
