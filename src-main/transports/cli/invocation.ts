// How the user started the CLI, so a follow-up hint prints a command they can paste as is.
import { basename, isAbsolute, relative } from 'node:path';

/**
 * `npx prefstudio` under npx/npm exec, `prefstudio` from a global or linked install (the bin link on PATH), and
 * `node <script>` when run as a script (e.g. `node bin/prefstudio.js`, as `npm run demo` does).
 */
export function invocation(
  script: string | undefined,
  env: Record<string, string | undefined>,
  cwd: string,
): string {
  if (env.npm_command === 'exec') return 'npx prefstudio';
  if (script === undefined || basename(script) === 'prefstudio') return 'prefstudio';
  const shown = isAbsolute(script) ? relative(cwd, script) : script;
  const path = shown.startsWith('..') || shown === '' ? script : shown;
  return `node ${/[^\w@%+=:,./-]/.test(path) ? `'${path.replace(/'/g, `'\\''`)}'` : path}`;
}
