// The fuse script on a binary laid out like Electron's fuse wire (sentinel, version, length, one byte per fuse):
// every fuse ends as configured, and a wire with a fuse the config does not name is refused.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { APP_FUSES, flipAppFuses } from '../../../scripts/flip-fuses.mjs';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

function fakeBinary(fuses: number): string {
  const path = join(mkdtempSync(join(tmpdir(), 'prefstudio-fuses-')), 'electron');
  const wire = Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, fuses]), Buffer.alloc(fuses, FuseState.ENABLE)]);
  writeFileSync(path, Buffer.concat([Buffer.alloc(4096, 7), wire, Buffer.alloc(4096, 9)]));
  return path;
}

describe('Electron fuses', () => {
  it('turns RunAsNode, NODE_OPTIONS and --inspect off and keeps the rest as configured', async () => {
    const fuseCount = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k))).length;
    const bin = fakeBinary(fuseCount);
    const before = readFileSync(bin);
    await flipAppFuses(bin);
    const wire = (await getCurrentFuseWire(bin)) as Record<number, number>;
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    for (let i = 0; i < fuseCount; i++)
      expect(wire[i], FuseV1Options[i]).toBe((APP_FUSES as Record<number, boolean>)[i] ? FuseState.ENABLE : FuseState.DISABLE);
    // Only the wire changed: the rest of the binary is untouched.
    expect(readFileSync(bin).length).toBe(before.length);
  });

  it('refuses a binary with a fuse the config does not decide', async () => {
    const count = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k))).length;
    await expect(flipAppFuses(fakeBinary(count + 1))).rejects.toThrow(/strictlyRequireAllFuses/);
  });
});
