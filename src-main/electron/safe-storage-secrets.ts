// The desktop app's secret store: values sealed with Electron's safeStorage (Keychain, DPAPI, kwallet/libsecret) in a
// 0600 file of the app's data folder. Takes safeStorage as an argument (no electron import), so it is unit-tested.
import { FileSecretStore, type SecretStore } from '../llm/secret-store';

/** The part of Electron's `safeStorage` this store uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which keyring backs the encryption; `basic_text` means a key hard-coded in Chromium. */
  getSelectedStorageBackend?(): string;
}

export const SEALED_FILE = 'secrets.safestorage.json';

/** Why safeStorage cannot protect a key here, or null when it can. */
export function safeStorageProblem(safe: SafeStorageLike): string | null {
  if (!safe.isEncryptionAvailable()) return 'safeStorage encryption is not available';
  const backend = safe.getSelectedStorageBackend?.();
  // With no keyring Chromium "encrypts" with a fixed, public key: no better than the 0600 file, and less honest.
  if (backend === 'basic_text') return 'no OS keyring (safeStorage backend basic_text)';
  return null;
}

/**
 * Reads sealed values first; a key stored by an earlier build in the plain 0600 file is sealed on first read and
 * removed from that file, so upgrading keeps the key without leaving it in the clear.
 */
class SealedSecretStore implements SecretStore {
  constructor(
    private readonly sealed: SecretStore,
    private readonly legacy: SecretStore,
  ) {}

  get(ref: string): string | null {
    const value = this.sealed.get(ref);
    if (value !== null) return value;
    const old = this.legacy.get(ref);
    if (old === null) return null;
    this.sealed.set(ref, old);
    this.legacy.delete(ref);
    return old;
  }

  set(ref: string, value: string): void {
    this.sealed.set(ref, value);
  }

  delete(ref: string): void {
    this.sealed.delete(ref);
    this.legacy.delete(ref);
  }
}

/**
 * The store the desktop app injects into its services: sealed with safeStorage in `dataDir` when the OS can protect
 * it, else the CLI's 0600 file in `configDir` (with a log line saying why).
 */
export function desktopSecretStore(
  safe: SafeStorageLike,
  dataDir: string,
  configDir: string,
  log: (line: string) => void,
): SecretStore {
  const plain = new FileSecretStore(configDir);
  const problem = safeStorageProblem(safe);
  if (problem !== null) {
    log(`API keys: ${problem}; keeping them in ${plain.file} (mode 0600) instead`);
    return plain;
  }
  const sealed = new FileSecretStore(dataDir, SEALED_FILE, {
    encode: (value) => safe.encryptString(value).toString('base64'),
    decode: (text) => safe.decryptString(Buffer.from(text, 'base64')),
  });
  return new SealedSecretStore(sealed, plain);
}
