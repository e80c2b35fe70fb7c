// No `as unknown as` in src-main: ESLint refuses a new one, and no file of src-main holds one today.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = new URL('../../..', import.meta.url).pathname;
const eslint = new ESLint({ cwd: root });
const DOUBLE_CAST = /\bas\s+unknown\s+as\b/;

async function castMessages(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('double casts', () => {
  it('ESLint refuses `as unknown as` anywhere in src-main, and only there', async () => {
    const source = 'const raw: unknown = {};\nexport const n = raw as unknown as number;\n';
    for (const layer of ['jobs', 'engine', 'shared', 'transports/cli']) {
      const messages = await castMessages(`src-main/${layer}/fixture.ts`, source);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/No `as unknown as` in src-main/);
    }
    expect(await castMessages('test/main/fixture.ts', source)).toEqual([]);
    // A single cast is another matter (and is not what this rule is about).
    expect(await castMessages('src-main/jobs/fixture.ts', 'const raw: unknown = 1;\nexport const n = raw as number;\n')).toEqual([]);
  });

  it('no file of src-main holds one', () => {
    const files = tsFiles(join(root, 'src-main'));
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.filter((f) => DOUBLE_CAST.test(readFileSync(f, 'utf8'))).map((f) => f.slice(root.length));
    expect(offenders).toEqual([]);
  });
});
