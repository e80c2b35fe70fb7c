// Lint: typescript-eslint + eslint-plugin-vue, and the layer rules. Dependencies point one way:
// shared ← engine ← store ← llm ← curation ← jobs ← services ← transports ← electron; importers, exporters and demo
// sit beside the store (pure I/O and data), and nothing below the shell imports `electron`.
// test/main/lint/layers.test.ts lints one violating import per rule, so a rule that stops biting fails a test.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';

const ELECTRON = { name: 'electron', message: 'Only src-main/electron may import electron: services must run under plain Node.' };

/** The folders of src-main that each layer must not import (by folder name, from any depth). */
const FORBIDDEN = {
  engine: ['store', 'llm', 'curation', 'jobs', 'services', 'transports', 'demo', 'importers', 'exporters'],
  store: ['engine', 'llm', 'curation', 'jobs', 'services', 'transports', 'demo'],
  llm: ['curation', 'jobs', 'services', 'transports'],
  curation: ['jobs', 'services', 'transports'],
  importers: ['jobs', 'services', 'transports', 'store', 'curation'],
  exporters: ['jobs', 'services', 'transports', 'curation'],
  demo: ['store', 'jobs', 'services', 'transports'],
  jobs: ['services', 'transports'],
  services: ['transports'],
};

const layerRules = Object.entries(FORBIDDEN).map(([layer, folders]) => ({
  files: [`src-main/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [ELECTRON],
        patterns: folders.map((folder) => ({
          group: [`../**/${folder}`, `../**/${folder}/**`],
          message: `src-main/${layer} must not import src-main/${folder} (layers point one way; see docs/architecture.md).`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.cache/', 'test-results/', 'resources/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  { files: ['src-main/**/*.ts'], ignores: ['src-main/electron/**'], rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON] }] } },
  ...layerRules,
  {
    files: ['src-main/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'electron', '../*', '!../shared/*'], message: 'src-main/shared is pure TypeScript.' }] },
      ],
    },
  },
  {
    // A double cast turns off the type checker for one value; parse it (zod) or narrow it instead.
    files: ['src-main/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "TSAsExpression > TSAsExpression.expression[typeAnnotation.type='TSUnknownKeyword']",
          message: 'No `as unknown as` in src-main: parse the value against its schema or narrow it with a type guard.',
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,vue}', 'test/renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'electron'], message: 'The renderer talks to the backend only through src-renderer/src/api.' },
            { group: ['**/src-main/*', '!**/src-main/shared'], message: 'The renderer may import only src-main/shared.' },
          ],
        },
      ],
    },
  },
);
