// How the CLI names itself in hints: as npx, as a linked/global bin, or as the script path that was run.
import { describe, expect, it } from 'vitest';
import { invocation } from '../../../src-main/transports/cli/invocation';

describe('invocation', () => {
  it('is `npx prefstudio` under npx (npm exec)', () => {
    expect(invocation('/repo/node_modules/.bin/prefstudio', { npm_command: 'exec' }, '/repo')).toBe(
      'npx prefstudio',
    );
  });

  it('is `prefstudio` when the bin link on PATH ran it (global install or npm link)', () => {
    expect(invocation('/usr/local/bin/prefstudio', {}, '/home/me')).toBe('prefstudio');
  });

  it('is `node <script>` relative to the working folder when run as a script', () => {
    expect(invocation('/repo/bin/prefstudio.js', { npm_command: 'run-script' }, '/repo')).toBe(
      'node bin/prefstudio.js',
    );
    expect(invocation('/repo/bin/prefstudio.js', {}, '/elsewhere')).toBe('node /repo/bin/prefstudio.js');
    expect(invocation('/my repo/bin/prefstudio.js', {}, '/tmp')).toBe("node '/my repo/bin/prefstudio.js'");
  });
});
