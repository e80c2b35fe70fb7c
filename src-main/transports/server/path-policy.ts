// Server mode's file-access policy: every path in a contract input must lie under a folder allowed at start
// (`--allow`, default: the project's folder and the current directory). One check, before the services see it.
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { MethodName } from '../../shared/contract';
import { ErrorCode, type Result } from '../../shared/errors';
import type { StudioApi } from '../../services/studio-api';

/** The input fields that name files or folders, per method. A method added with a path must be listed here. */
export const PATH_FIELDS: Partial<Record<MethodName, readonly string[]>> = {
  'project.open': ['path'],
  'import.preview': ['path'],
  'import.start': ['path'],
  'export.start': ['path'],
  'train.start': ['initFrom'],
  'eval.start': ['path'],
  'scores.import': ['path'],
  'robustness.exportPerturbed': ['dir'],
  // `list[].field`: the field of every item of a list.
  'robustness.start': ['scores[].dir'],
};

/** The strings a field spec names in an input: `path`, or `scores[].dir` for a field of each item of a list. */
function valuesOf(input: Record<string, unknown>, field: string): unknown[] {
  const [list, inner] = field.split('[].');
  if (inner === undefined) return [input[field]];
  const items = input[list as string];
  return Array.isArray(items) ? items.map((x: unknown) => (typeof x === 'object' && x !== null ? (x as Record<string, unknown>)[inner] : undefined)) : [];
}

/** The real path of `p`, resolving symlinks through its deepest existing ancestor (the file may not exist yet). */
function realish(p: string): string {
  const tail: string[] = [];
  let at = resolve(p);
  for (;;) {
    try {
      return resolve(realpathSync(at), ...tail.reverse());
    } catch {
      const up = dirname(at);
      if (up === at) return resolve(p);
      tail.push(at.slice(up.length).replace(/^[\\/]/, ''));
      at = up;
    }
  }
}

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export class PathPolicy {
  private readonly roots: string[];

  constructor(allowed: readonly string[]) {
    this.roots = allowed.map(realish);
  }

  get allowed(): readonly string[] {
    return this.roots;
  }

  /** The first path of the input outside every allowed folder, or null. */
  violation(method: string, input: unknown): string | null {
    const fields = PATH_FIELDS[method as MethodName];
    if (fields === undefined || typeof input !== 'object' || input === null) return null;
    for (const field of fields) {
      for (const value of valuesOf(input as Record<string, unknown>, field)) {
        if (typeof value !== 'string') continue;
        const real = realish(value);
        if (!this.roots.some((root) => inside(root, real))) return value;
      }
    }
    return null;
  }
}

/** The api the server hands to its routes: calls naming a path outside the policy fail with PATH_NOT_ALLOWED. */
export function withPathPolicy(api: StudioApi, policy: PathPolicy): StudioApi {
  return {
    dispatch: async (method, input): Promise<Result<unknown>> => {
      const bad = policy.violation(method, input);
      if (bad === null) return api.dispatch(method, input);
      return {
        ok: false,
        error: {
          code: ErrorCode.PathNotAllowed,
          message: `${method}: ${bad} is outside the folders this server may use (${policy.allowed.join(', ')}); restart it with --allow <folder> to add one`,
          details: { path: bad, allowed: [...policy.allowed] },
        },
      };
    },
    onEvent: (listener) => api.onEvent(listener),
    artifactsDir: () => api.artifactsDir(),
    close: () => api.close(),
  };
}
