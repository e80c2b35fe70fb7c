// The app's service layer: validates each contract call once, routes it to its handler, emits events.
import { z } from 'zod';
import { isMethodName, methods, type StudioEvent } from '../shared/contract';
import type { ProjectInfo } from '../shared/dto';
import { ErrorCode, StudioError, toErrorDTO, type Result } from '../shared/errors';
import type { ProjectDb } from '../store/types';
import { JobHost } from '../jobs/host';
import { handlers } from './handlers';
import type { Handler, HandlerContext, StudioDeps } from './handler-types';
import type { StudioApi } from './studio-api';

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'request'}: ${i.message}`).join('; ');
}

export class Studio implements StudioApi {
  private db: ProjectDb | null = null;
  private host: JobHost | null = null;
  private readonly listeners = new Set<(event: StudioEvent) => void>();
  private readonly ctx: HandlerContext;

  constructor(private readonly deps: StudioDeps) {
    this.ctx = {
      deps,
      project: () => {
        if (!this.db) throw new StudioError(ErrorCode.NoProject, 'no project is open: open or create one first');
        return this.db;
      },
      projectOrNull: () => this.db,
      jobs: () => {
        this.ctx.project();
        return this.host as JobHost;
      },
      open: (path, create) => this.open(path, create),
      emit: (event) => this.emit(event),
    };
  }

  async dispatch(method: string, input: unknown): Promise<Result<unknown>> {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: ErrorCode.UnknownMethod, message: `unknown method "${method}"` } };
    }
    const parsed = methods[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: ErrorCode.InvalidRequest, message: `${method}: ${describeIssues(parsed.error)}` },
      };
    }
    try {
      const handler = handlers[method] as Handler<typeof method>;
      return { ok: true, value: await handler(parsed.data as never, this.ctx) };
    } catch (err) {
      const dto = toErrorDTO(err);
      if (dto.code === ErrorCode.Internal) this.deps.log(`${method} failed: ${err instanceof Error ? err.stack : String(err)}`);
      return { ok: false, error: dto };
    }
  }

  onEvent(listener: (event: StudioEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  artifactsDir(): string | null {
    return this.db?.info.artifactsDir ?? null;
  }

  async close(): Promise<void> {
    await this.host?.stopAll();
    this.db?.close();
    this.db = null;
    this.host = null;
  }

  private emit(event: StudioEvent): void {
    for (const l of this.listeners) l(event);
  }

  private async open(path: string, create: boolean): Promise<ProjectInfo> {
    const db = this.deps.openProject(path, create);
    await this.close();
    this.db = db;
    // Only jobs whose owner process is gone: another process's running import is not ours to end.
    const interrupted = db.owners.interruptOrphans();
    if (interrupted > 0) this.deps.log(`${interrupted} job(s) were interrupted by a previous exit; they can be resumed`);
    db.mars.markInterrupted();
    db.discovery.markInterrupted();
    db.reform.markInterrupted();
    this.host = new JobHost(db, { ...this.deps.jobs, emit: (e) => this.emit(e), log: this.deps.log });
    this.emit({ type: 'project', project: db.info });
    return db.info;
  }
}
