// Test support for REFORM rounds: a demo project with a trained bag-of-embeddings reward model and a random tiny
// policy per role (test/support/policies.ts).
import { join } from 'node:path';
import { expect } from 'vitest';
import { addPolicies } from '../../../support/policies';
import type { TestStudio } from '../../../support/studio';

/** A small demo project, a trained `bow` reward model (scored) and both policies, open in the studio. */
export async function reformProject(s: TestStudio, name: string, pairs = 240): Promise<{ path: string; baseModelId: number }> {
  const path = join(s.dir, `${name}.prefstudio`);
  await s.call('project.open', { path, create: true });
  expect((await s.finished((await s.call('demo.start', { pairs, seed: 5 })).id)).state).toBe('done');
  const trained = await s.finished((await s.call('train.start', { preset: 'bow', seed: 1, epochs: 2 })).id);
  expect(trained.state).toBe('done');
  await addPolicies(path);
  return { path, baseModelId: Number(trained.result?.modelId) };
}
