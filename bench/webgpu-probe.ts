// What the WebGPU adapter probe costs. Per round, in fresh processes and interleaved: the child probe alone (wall time
// from an idle parent, and the child's own time), the enumeration the old in-process probe did (import webgpu and
// tfjs-backend-webgpu, create, requestAdapter), and chooseBackend() with and without the webgpu step (paired difference).
// Usage: nice -n 10 npx tsx bench/webgpu-probe.ts [rounds=6]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chooseBackend, preferredFromEnv } from '../src-main/engine/backend';
import { runAdapterProbe } from '../src-main/engine/webgpu-probe';

const mode = process.argv[2];

if (mode === '--choose') {
  const t0 = performance.now();
  const c = await chooseBackend(preferredFromEnv(process.env));
  console.log(JSON.stringify({ ms: performance.now() - t0, name: c.report.name }));
} else if (mode === '--in-process') {
  const t0 = performance.now();
  const dawn = await import('webgpu');
  await import('@tensorflow/tfjs-backend-webgpu');
  await dawn.create([]).requestAdapter({ powerPreference: 'high-performance' });
  console.log(JSON.stringify({ ms: performance.now() - t0 }));
} else {
  const rounds = Number(mode ?? 6);
  const self = fileURLToPath(import.meta.url);
  /** This script in a fresh Node process (tsx), its own timing read from its last stdout line. */
  const fresh = (flag: string, env: NodeJS.ProcessEnv = process.env): number => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', self, flag], { env, encoding: 'utf8' });
    const last = r.stdout.trim().split('\n').pop() ?? '';
    return (JSON.parse(last) as { ms: number }).ms;
  };
  const rows: Record<string, number[]> = { probeWall: [], probeChild: [], inProcess: [], choose: [], chooseSkip: [], webgpuStep: [] };
  for (let i = 0; i < rounds; i++) {
    // Alternate the order of the two chooseBackend runs so a trend in the machine's load does not favour one.
    const skipEnv = { ...process.env, PREFSTUDIO_BACKEND: 'tensorflow' };
    const [choose, skip] = i % 2 === 0 ? [fresh('--choose'), fresh('--choose', skipEnv)] : ((s) => [fresh('--choose'), s])(fresh('--choose', skipEnv));
    const t0 = performance.now();
    const probe = await runAdapterProbe();
    rows.probeWall?.push(performance.now() - t0);
    rows.probeChild?.push(probe.ms);
    rows.inProcess?.push(fresh('--in-process'));
    rows.choose?.push(choose);
    rows.chooseSkip?.push(skip);
    rows.webgpuStep?.push(choose - skip);
  }
  const meanSe = (xs: number[]): string => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const se = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) / xs.length);
    return `${mean.toFixed(0)} ± ${se.toFixed(0)} ms`;
  };
  const labels: Record<string, string> = {
    probeWall: 'child probe, wall time from an idle parent',
    probeChild: 'child probe, the child\'s own time to its answer',
    inProcess: 'old in-process enumeration (imports + create + requestAdapter)',
    choose: 'chooseBackend() in a fresh process (default order)',
    chooseSkip: 'chooseBackend() without the webgpu step (PREFSTUDIO_BACKEND=tensorflow)',
    webgpuStep: 'webgpu step in chooseBackend (paired difference)',
  };
  console.log(`rounds ${rounds}, load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} (± SE)`);
  for (const [k, xs] of Object.entries(rows)) console.log(`${labels[k]}: ${meanSe(xs)}`);
}
