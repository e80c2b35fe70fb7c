// The layer rules in eslint.config.js bite: one import that breaks each rule is linted as if it lived in that
// layer (lintText with a virtual path, so no violating file exists in the tree or the build), and a legal one is not.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../../..', import.meta.url).pathname });

async function restrictedImports(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = x;\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const VIOLATIONS: [layer: string, importPath: string][] = [
  ['engine', '../store/types'],
  ['engine', '../../jobs/host'],
  ['engine', '../demo/generate'],
  ['engine/model', '../../services/studio'],
  ['store', '../services/studio'],
  ['store', '../jobs/host'],
  ['store', '../curation/review-actions'],
  ['jobs', '../services/studio'],
  ['jobs/mars', '../../services/mars-handlers'],
  ['importers', '../jobs/import-job'],
  ['importers', '../services/studio'],
  ['exporters', '../jobs/export-job'],
  ['exporters', '../services/handlers'],
  ['llm', '../jobs/mars/mars-job'],
  ['curation', '../services/studio'],
  ['services', '../transports/cli/main'],
];

describe('layer rules', () => {
  it.each(VIOLATIONS)('src-main/%s may not import %s', async (layer, importPath) => {
    const messages = await restrictedImports(`src-main/${layer}/fixture.ts`, `import { x } from '${importPath}';`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/must not import/);
  });

  it('nothing below the shell imports electron', async () => {
    for (const layer of ['engine', 'store', 'jobs', 'services', 'transports/server']) {
      const messages = await restrictedImports(`src-main/${layer}/fixture.ts`, `import { x } from 'electron';`);
      expect(messages.join()).toMatch(/Only src-main\/electron may import electron/);
    }
  });

  it('imports that follow the layers pass', async () => {
    const legal: [string, string][] = [
      ['engine/model', '../../shared/dto'],
      ['engine/mars', '../rng'],
      ['store', '../shared/errors'],
      ['jobs', '../store/types'],
      ['jobs/mars', '../../curation/operators'],
      ['services', '../jobs/host'],
      ['curation', '../store/types'],
    ];
    for (const [layer, importPath] of legal) {
      expect(await restrictedImports(`src-main/${layer}/fixture.ts`, `import { x } from '${importPath}';`)).toEqual([]);
    }
  });
});
