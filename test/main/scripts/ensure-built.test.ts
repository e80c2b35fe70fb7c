// `npm run demo` builds only when out/ is missing or older than a source (so not again right after `npm ci`).
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { BUILD_INPUTS, BUILD_OUTPUTS, needsBuild } from '../../../scripts/ensure-built.mjs';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function touch(path: string, seconds: number): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), 'x');
  utimesSync(join(root, path), seconds, seconds);
}

describe('needsBuild', () => {
  it('builds when out/ is missing, not when it is newer than every source, again when a source changes', () => {
    root = mkdtempSync(join(tmpdir(), 'prefstudio-built-'));
    touch('src-main/shared/contract.ts', 1000);
    touch('src-renderer/src/App.vue', 1000);
    touch('package.json', 1000);
    expect(needsBuild(root)).toBe(true);
    for (const out of BUILD_OUTPUTS as string[]) touch(out, 2000);
    for (const dir of ['src-main', 'src-main/shared', 'src-renderer', 'src-renderer/src'])
      utimesSync(join(root, dir), 1000, 1000);
    expect(needsBuild(root)).toBe(false);
    touch('src-renderer/src/App.vue', 3000);
    expect(needsBuild(root)).toBe(true);
    expect(BUILD_INPUTS).toContain('package.json');
  });
});
