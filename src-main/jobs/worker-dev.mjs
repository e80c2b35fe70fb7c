// Development entry for jobs: lets a worker thread or child process run the TypeScript source (tests, tsx).
// Built apps use out/main/job-worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
