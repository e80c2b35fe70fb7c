// Server mode's path policy on paths inside lists (robustness scores folders) and the export folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PathPolicy } from '../../../src-main/transports/server/path-policy';

describe('path policy', () => {
  const root = mkdtempSync(join(tmpdir(), 'prefstudio-policy-'));
  const policy = new PathPolicy([root]);

  it('checks every scores folder of robustness.start and the export folder', () => {
    const inside = join(root, 'a');
    expect(policy.violation('robustness.start', { modelIds: [1], scores: [{ dir: inside }] })).toBeNull();
    expect(policy.violation('robustness.start', { modelIds: [1], scores: [{ dir: inside }, { dir: '/etc/x' }] })).toBe('/etc/x');
    expect(policy.violation('robustness.start', { modelIds: [1] })).toBeNull();
    expect(policy.violation('robustness.exportPerturbed', { dir: '/etc' })).toBe('/etc');
    expect(policy.violation('robustness.exportPerturbed', { dir: inside })).toBeNull();
  });
});
