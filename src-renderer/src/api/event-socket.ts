// The server-mode event stream: one WebSocket, opened while someone listens, reconnecting with backoff.
import type { StudioEvent } from '@shared/contract';

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
  private connected = false;
  private readonly listeners = new Set<(event: StudioEvent) => void>();
  private readonly connectionListeners = new Set<(connected: boolean) => void>();

  constructor(
    private readonly url: string,
    private readonly open: SocketFactory,
  ) {}

  subscribe(listener: (event: StudioEvent) => void): () => void {
    this.listeners.add(listener);
    this.ensureOpen();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.connectionListeners.size === 0) this.shutdown();
    };
  }

  onConnection(listener: (connected: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    listener(this.connected);
    this.ensureOpen();
    return () => {
      this.connectionListeners.delete(listener);
      if (this.listeners.size === 0 && this.connectionListeners.size === 0) this.shutdown();
    };
  }

  private ensureOpen(): void {
    if (this.socket !== null || this.retryTimer !== null) return;
    const socket = this.open(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.setConnected(true);
    };
    socket.onmessage = (ev) => this.deliver(ev.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.setConnected(false);
      this.scheduleRetry();
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
    const delay = Math.min(FIRST_RETRY_MS * 2 ** this.attempts, MAX_RETRY_MS);
    this.attempts += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.ensureOpen();
    }, delay);
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    for (const listener of [...this.connectionListeners]) listener(connected);
  }

  private shutdown(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.setConnected(false);
  }
}
