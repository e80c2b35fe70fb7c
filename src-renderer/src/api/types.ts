// The renderer's view of the backend: the shared StudioClient plus what only a UI needs (file staging, dialogs).
import type { StudioClient } from '@shared/contract';

/** Native open/save dialogs; only the Electron shell has them. */
export interface NativeDialogs {
  pickOpenPath(kind: 'project' | 'data'): Promise<string | null>;
  pickSavePath(kind: 'project' | 'export', defaultName: string): Promise<string | null>;
}

export type ClientMode = 'electron' | 'http';

export interface RendererClient extends StudioClient {
  readonly mode: ClientMode;
  /** Makes a dropped or picked file readable by `import.*` and returns the path the backend should use. */
  stageFile(file: File): Promise<string>;
  /** Null in the browser: the UI falls back to a path field or a file input. */
  readonly dialogs: NativeDialogs | null;
  /** Reports whether the event stream is live (always true in Electron); fires once on subscribe. */
  onConnection(listener: (connected: boolean) => void): () => void;
}
