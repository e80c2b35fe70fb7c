// A small in-memory StudioApi for transport tests: scripted method handlers, recorded calls, manual events.
import type { StudioEvent } from '../../../src-main/shared/contract';
import type { Job } from '../../../src-main/shared/dto';
import { ErrorCode, type Result } from '../../../src-main/shared/errors';
import type { StudioApi } from '../../../src-main/services/studio-api';

type Handler = (input: unknown) => Result<unknown> | Promise<Result<unknown>>;

export class FakeStudioApi implements StudioApi {
  readonly calls: { method: string; input: unknown }[] = [];
  closed = false;
  private readonly listeners = new Set<(event: StudioEvent) => void>();
  private readonly handlers = new Map<string, Handler>();

  constructor(private artifacts: string | null = null) {}

  /** Scripts the answer of one method; unscripted methods answer NOT_FOUND so tests notice them. */
  on(method: string, handler: Handler): this {
    this.handlers.set(method, handler);
    return this;
  }

  emit(event: StudioEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  listenerCount(): number {
    return this.listeners.size;
  }

  setArtifactsDir(dir: string | null): void {
    this.artifacts = dir;
  }

  async dispatch(method: string, input: unknown): Promise<Result<unknown>> {
    this.calls.push({ method, input });
    const handler = this.handlers.get(method);
    if (handler === undefined)
      return { ok: false, error: { code: ErrorCode.NotFound, message: `fake: ${method}` } };
    return handler(input);
  }

  onEvent(listener: (event: StudioEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  artifactsDir(): string | null {
    return this.artifacts;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A job DTO with sensible defaults, for scripting `*.start` answers and `job` events. */
export function fakeJob(overrides: Partial<Job> = {}): Job {
  return {
    id: 'job-1',
    kind: 'import',
    state: 'running',
    params: {},
    progress: { done: 0, total: 100, unit: 'pairs', message: '', rate: null, etaSeconds: null },
    result: null,
    error: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: null,
    ...overrides,
  };
}

export function ok(value: unknown): Result<unknown> {
  return { ok: true, value };
}
