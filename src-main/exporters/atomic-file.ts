// A file written beside its target, hashed as it goes, fsynced and renamed into place only when complete.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** fsync a folder so a rename into it survives a crash (a no-op where folders cannot be opened, e.g. Windows). */
export function syncFolder(folder: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Opening a directory for fsync is not supported on every platform; the rename is still atomic there.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

export class AtomicFile {
  readonly partial: string;
  private fd: number | null;
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;

  constructor(readonly path: string) {
    this.partial = `${path}.partial-${process.pid}`;
    this.fd = openSync(this.partial, 'w');
  }

  write(chunk: Uint8Array): void {
    if (this.fd === null) throw new Error(`${this.path} is already closed`);
    let written = 0;
    while (written < chunk.length) written += writeSync(this.fd, chunk, written, chunk.length - written);
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }

  /** fsyncs, closes and renames into place (replacing any file there); returns the sha256 hex of the bytes. */
  commit(): string {
    if (this.fd === null) throw new Error(`${this.path} is already closed`);
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
    renameSync(this.partial, this.path);
    syncFolder(dirname(this.path));
    return this.hash.digest('hex');
  }

  /** Closes and removes the partial file; the target is left as it was. */
  abort(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.partial, { force: true });
  }
}
