// Which code runs each kind of job.
import type { JobKind } from '../shared/dto';
import type { JobRunner } from './context';
import { runDemoJob } from './demo-job';
import { runExportJob } from './export-job';
import { runImportJob } from './import-job';

export const runners: Partial<Record<JobKind, JobRunner>> = {
  import: runImportJob,
  export: runExportJob,
  demo: runDemoJob,
};
