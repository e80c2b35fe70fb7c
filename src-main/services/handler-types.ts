// What handlers are and may use: the types shared by the Studio and every handler file (no runtime code, so the
// handler files and the Studio that routes to them do not import each other).
import type { MethodName, MethodOutput, MethodParams, StudioEvent } from '../shared/contract';
import type { BackendReport, ProjectInfo } from '../shared/dto';
import type { ProjectDb } from '../store/types';
import type { JobHost, JobHostOptions } from '../jobs/host';
import type { SecretStore } from '../llm/secret-store';

export interface StudioDeps {
  version: string;
  openProject: (path: string, create: boolean) => ProjectDb;
  /** Probes the ML backend once, on first need (it loads TensorFlow.js). */
  backend: () => Promise<BackendReport>;
  jobs: Omit<JobHostOptions, 'emit' | 'log'>;
  log: (line: string) => void;
  /** Where the LLM API key lives: a 0600 file in Node, Electron safeStorage in the desktop app. */
  secrets: SecretStore;
}

/** What handlers may use; they never see the transport. */
export interface HandlerContext {
  readonly deps: StudioDeps;
  project(): ProjectDb;
  projectOrNull(): ProjectDb | null;
  jobs(): JobHost;
  open(path: string, create: boolean): Promise<ProjectInfo>;
  emit(event: StudioEvent): void;
}

export type Handler<M extends MethodName> = (params: MethodParams<M>, ctx: HandlerContext) => Promise<MethodOutput<M>> | MethodOutput<M>;
export type HandlerTable = { [M in MethodName]: Handler<M> };
