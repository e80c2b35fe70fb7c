// The server-mode event stream: one WebSocket, opened while someone listens, reconnecting with backoff unless the
// server refused the access token.
import type { StudioEvent } from '@shared/contract';
import type { ConnectionState } from './types';

/** The part of the browser WebSocket this module uses, so tests can pass a fake. */
export interface SocketLike {
  onopen: ((ev: Event) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  close(): void;
}

export type SocketFactory = (url: string) => SocketLike;

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

export class EventSocket {
  private socket: SocketLike | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private state: ConnectionState = 'reconnecting';
  private readonly listeners = new Set<(event: StudioEvent) => void>();
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();

  /**
   * `tokenAccepted` asks the server (over HTTP, which has status codes) whether the token still counts: a refused
   * WebSocket upgrade only shows up in the browser as a bare close, the same as a server that went away.
   */
  constructor(
    private readonly url: string,
    private readonly open: SocketFactory,
    private readonly tokenAccepted: () => Promise<boolean> = async () => true,
  ) {}

  subscribe(listener: (event: StudioEvent) => void): () => void {
    this.listeners.add(listener);
    this.ensureOpen();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.connectionListeners.size === 0) this.shutdown();
    };
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    listener(this.state);
    this.ensureOpen();
    return () => {
      this.connectionListeners.delete(listener);
      if (this.listeners.size === 0 && this.connectionListeners.size === 0) this.shutdown();
    };
  }

  private ensureOpen(): void {
    if (this.socket !== null || this.retryTimer !== null || this.state === 'refused') return;
    const socket = this.open(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.setState('live');
    };
    socket.onmessage = (ev) => this.deliver(ev.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.setState('reconnecting');
      void this.tokenAccepted().then(
        (accepted) => (accepted ? this.scheduleRetry() : this.setState('refused')),
        () => this.scheduleRetry(),
      );
    };
    // A failed socket also fires `close`, which is where the retry is scheduled.
    socket.onerror = () => undefined;
  }

  private deliver(data: unknown): void {
    if (typeof data !== 'string') return;
    let event: StudioEvent;
    try {
      event = JSON.parse(data) as StudioEvent;
    } catch {
      return;
    }
    for (const listener of [...this.listeners]) listener(event);
  }

  private scheduleRetry(): void {
    if (this.listeners.size === 0 && this.connectionListeners.size === 0) return;
    if (this.socket !== null || this.retryTimer !== null) return;
    const delay = Math.min(FIRST_RETRY_MS * 2 ** this.attempts, MAX_RETRY_MS);
    this.attempts += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.ensureOpen();
    }, delay);
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of [...this.connectionListeners]) listener(state);
  }

  private shutdown(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    if (this.state === 'live') this.setState('reconnecting');
  }
}
