// Secrets kept outside the project file: a 0600 JSON file in the user's config folder, one entry per reference
// (values optionally sealed by a codec: the desktop app's safeStorage), and the in-memory copy a job receives.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface SecretStore {
  get(ref: string): string | null;
  set(ref: string, value: string): void;
  delete(ref: string): void;
}

/** `$PREFSTUDIO_CONFIG_DIR`, else `%APPDATA%\prefstudio` on Windows, else `$XDG_CONFIG_HOME/prefstudio` or ~/.config. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PREFSTUDIO_CONFIG_DIR) return env.PREFSTUDIO_CONFIG_DIR;
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'prefstudio');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'prefstudio');
}

/** Seals values at rest (Electron safeStorage in the desktop app); the file then holds only sealed text. */
export interface SecretCodec {
  encode(value: string): string;
  decode(sealed: string): string;
}

const PLAIN: SecretCodec = { encode: (v) => v, decode: (v) => v };

/**
 * Every write replaces the whole file through a 0600 temporary file and a rename, so the file is never readable
 * by others, not even for a moment, and a crash leaves the old or the new version, never half of one.
 */
export class FileSecretStore implements SecretStore {
  readonly file: string;

  constructor(
    private readonly dir: string = configDir(),
    name = 'secrets.json',
    private readonly codec: SecretCodec = PLAIN,
  ) {
    this.file = join(dir, name);
  }

  get(ref: string): string | null {
    const sealed = this.read()[ref];
    return sealed === undefined ? null : this.codec.decode(sealed);
  }

  set(ref: string, value: string): void {
    this.write({ ...this.read(), [ref]: this.codec.encode(value) });
  }

  delete(ref: string): void {
    const all = this.read();
    if (!(ref in all)) return;
    delete all[ref];
    this.write(all);
  }

  private read(): Record<string, string> {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
  }

  private write(all: Record<string, string>): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(all), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }
}

/**
 * The secrets one job may use, handed over in its start message (never written to the jobs table): a job process
 * cannot reach the desktop app's safeStorage, so it gets the values, not the store. Read-only.
 */
export class MemorySecretStore implements SecretStore {
  constructor(private readonly entries: Readonly<Record<string, string>> = {}) {}

  get(ref: string): string | null {
    return this.entries[ref] ?? null;
  }

  set(): void {
    throw new Error('a job cannot store secrets');
  }

  delete(): void {
    throw new Error('a job cannot delete secrets');
  }
}
