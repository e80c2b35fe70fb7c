// A larger HH file made from the shared sample (each copy tagged so no copy duplicates another), and a way to run
// the real CLI from source in a separate process: what the two-process and kill -9 tests need.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { HH_SAMPLE } from './hh';

export function bigHhFile(dir: string, copies: number, name = 'hh-big.jsonl.gz'): { path: string; rows: number } {
  const lines = gunzipSync(readFileSync(HH_SAMPLE)).toString('utf8').split('\n').filter((l) => l.trim() !== '');
  const out: string[] = [];
  for (let c = 0; c < copies; c++) {
    for (const line of lines) {
      const row = JSON.parse(line) as { chosen: string; rejected: string };
      const tag = ` [copy ${c}]`;
      out.push(JSON.stringify({ chosen: row.chosen + tag, rejected: row.rejected + tag }));
    }
  }
  const path = join(dir, name);
  writeFileSync(path, gzipSync(out.join('\n') + '\n'));
  return { path, rows: out.length };
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'src-main/transports/cli/main.ts');

export interface CliProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** `prefstudio <args>` (absolute paths) from the TypeScript source, in its own OS process (`env`: its environment). */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = process.env): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    env: { ...env, CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}
