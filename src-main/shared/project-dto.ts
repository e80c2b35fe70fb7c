// Project DTOs: what a project is and the counts `stats` shows.
import { z } from 'zod';
import { Dataset } from './import-dto';

export const ProjectInfo = z.object({
  path: z.string(),
  name: z.string(),
  artifactsDir: z.string(),
  schemaVersion: z.number().int(),
});
export type ProjectInfo = z.infer<typeof ProjectInfo>;

export const CountBy = z.record(z.string(), z.number().int());

export const ProjectStats = z.object({
  project: ProjectInfo,
  pairs: z.number().int(),
  byOrigin: CountBy,
  bySplit: CountBy,
  datasets: z.array(Dataset),
  issues: z.object({ errors: z.number().int(), duplicates: z.number().int() }),
  jobs: CountBy,
});
export type ProjectStats = z.infer<typeof ProjectStats>;
