// Which code runs each kind of job.
import { jobParams } from '../shared/job-params';
import type { JobKind } from '../shared/dto';
import type { JobRunner } from './context';
import { runCvJob } from './cv-job';
import { runDemoJob } from './demo-job';
import { discoverJobRunner } from './discover/discover-job';
import { runExportJob } from './export-job';
import { runEvalJob } from './eval-job';
import { runImportJob } from './import-job';
import { runMarsJob } from './mars/mars-job';
import { openGuidedDecoder } from './policy/open-decoder';
import { runPolicyTrainJob } from './policy/policy-train-job';
import { reformJobRunner } from './reform/reform-job';
import { runRobustnessExportJob } from './robustness/export-job';
import { robustnessJobRunner } from './robustness/robustness-job';
import { runScoreJob } from './score-job';
import { runScoresImportJob } from './scores-import-job';
import { runTrainJob } from './train-job';

/** Every kind has its runner, returning that kind's result. */
export const runners: { [K in JobKind]: JobRunner<K> } = {
  import: runImportJob,
  export: runExportJob,
  demo: runDemoJob,
  train: runTrainJob,
  // One kind for both ways a model's scores arrive: computed by our model, or read from an external file.
  score: (ctx) => ('file' in jobParams('score', ctx.params) ? runScoresImportJob(ctx) : runScoreJob(ctx)),
  eval: runEvalJob,
  mars: runMarsJob,
  cv: runCvJob,
  // Failure discovery: the discovery loop around the engine's reward-guided decoder.
  decode: discoverJobRunner(openGuidedDecoder),
  robustness: robustnessJobRunner(openGuidedDecoder),
  'policy-train': runPolicyTrainJob,
  // REFORM rounds: discovery, review, patching and retraining, with the same decoder.
  reform: reformJobRunner(openGuidedDecoder),
  // Text only (no model): a worker thread.
  'robustness-export': runRobustnessExportJob,
};
