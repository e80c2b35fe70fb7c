// The renderer's view of the backend: the shared StudioClient plus what only a UI needs (file staging, dialogs).
import type { StudioClient } from '@shared/contract';

/** Native open/save dialogs; only the Electron shell has them. */
export interface NativeDialogs {
  /** `folder`: a directory, which the dialog may also create (robustness exports and scores folders). */
  pickOpenPath(kind: 'project' | 'data' | 'folder'): Promise<string | null>;
  pickSavePath(kind: 'project' | 'export', defaultName: string): Promise<string | null>;
}

export type ClientMode = 'electron' | 'http';

/**
 * `live`: events flow. `reconnecting`: the stream dropped and is retried. `refused`: the server turned the access
 * token down (a stale or mistyped address): retrying cannot help, the user has to open the printed address again.
 */
export type ConnectionState = 'live' | 'reconnecting' | 'refused';

export interface RendererClient extends StudioClient {
  readonly mode: ClientMode;
  /** Makes a dropped or picked file readable by `import.*` and returns the path the backend should use. */
  stageFile(file: File): Promise<string>;
  /** Null in the browser: the UI falls back to a path field or a file input. */
  readonly dialogs: NativeDialogs | null;
  /** Reports the event stream's state (always live in Electron); fires once on subscribe. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
}
