// Reads and writes the .safetensors format (8-byte LE header length, JSON header, raw little-endian data) as float32 tensors.
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import { WeightsFormatError } from './errors';
import { formatShape, shapeSize, type Tensor } from './tensor';

/** Element types this reader understands; everything is converted to float32 on load. */
export const SAFETENSORS_DTYPES = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
} as const;
export type SafetensorsDtype = keyof typeof SAFETENSORS_DTYPES;

/** What a parsed file holds: tensors (float32), the dtype each had on disk, and the free-form `__metadata__`. */
export interface SafetensorsContents {
  tensors: Map<string, Tensor>;
  sourceDtypes: Map<string, SafetensorsDtype>;
  metadata: Record<string, string>;
}

export interface ReadSafetensorsOptions {
  /** Return only the tensors this accepts; the others are validated but not converted. */
  select?: (name: string) => boolean;
}

/** Same cap as the reference Rust implementation: a larger header is a corrupt or hostile file. */
const MAX_HEADER_BYTES = 100_000_000;

interface HeaderEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

/** Reads a .safetensors file with one read; float32 tensors are views into that buffer where alignment allows. */
export function readSafetensors(path: string, options: ReadSafetensorsOptions = {}): SafetensorsContents {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new WeightsFormatError(path, `cannot read weights file (${(err as Error).message})`);
  }
  return parseSafetensors(bytes, path, options);
}

/** Parses safetensors bytes; `label` names the source in error messages. */
export function parseSafetensors(
  bytes: Uint8Array,
  label: string,
  options: ReadSafetensorsOptions = {},
): SafetensorsContents {
  if (endianness() !== 'LE') throw new WeightsFormatError(label, 'safetensors needs a little-endian machine');
  if (bytes.length < 8)
    throw new WeightsFormatError(label, `file is ${bytes.length} bytes, too short for a safetensors header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = view.getBigUint64(0, true);
  if (headerLen > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    throw new WeightsFormatError(
      label,
      `header length ${headerLen} exceeds the file size (${bytes.length} bytes); the file is truncated or not safetensors`,
    );
  }
  const dataStart = 8 + Number(headerLen);
  const { entries, metadata } = parseHeader(bytes.subarray(8, dataStart), label, bytes.length - dataStart);
  const tensors = new Map<string, Tensor>();
  const sourceDtypes = new Map<string, SafetensorsDtype>();
  for (const e of entries) {
    sourceDtypes.set(e.name, e.dtype);
    if (options.select && !options.select(e.name)) continue;
    const raw = bytes.subarray(dataStart + e.begin, dataStart + e.end);
    tensors.set(e.name, { dtype: 'float32', shape: e.shape, data: toFloat32(raw, e.dtype) });
  }
  return { tensors, sourceDtypes, metadata };
}

function parseHeader(
  headerBytes: Uint8Array,
  label: string,
  dataLen: number,
): { entries: HeaderEntry[]; metadata: Record<string, string> } {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (err) {
    throw new WeightsFormatError(label, `header is not valid UTF-8 JSON (${(err as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new WeightsFormatError(label, 'header must be a JSON object of tensor entries');
  }
  const metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new WeightsFormatError(label, '__metadata__ must be an object of string values');
      }
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== 'string')
          throw new WeightsFormatError(label, `__metadata__.${k} must be a string`, { field: k });
        metadata[k] = v;
      }
      continue;
    }
    entries.push(parseEntry(name, value, label, dataLen));
  }
  const byOffset = [...entries].sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1]!;
    const cur = byOffset[i]!;
    if (cur.begin < prev.end) {
      throw new WeightsFormatError(
        label,
        `tensor "${cur.name}" overlaps "${prev.name}" in the data section`,
        { tensor: cur.name },
      );
    }
  }
  return { entries, metadata };
}

function parseEntry(name: string, value: unknown, label: string, dataLen: number): HeaderEntry {
  const fail = (msg: string): never => {
    throw new WeightsFormatError(label, `tensor "${name}": ${msg}`, { tensor: name });
  };
  if (typeof value !== 'object' || value === null) return fail('entry must be an object');
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (typeof dtype !== 'string' || !(dtype in SAFETENSORS_DTYPES)) {
    return fail(
      `unsupported dtype ${JSON.stringify(dtype)} (supported: ${Object.keys(SAFETENSORS_DTYPES).join(', ')})`,
    );
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    return fail(`shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
  ) {
    return fail(`data_offsets must be [begin, end], got ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLen) {
    return fail(`data_offsets [${begin}, ${end}] fall outside the ${dataLen}-byte data section`);
  }
  const d = dtype as SafetensorsDtype;
  const expected = shapeSize(shape as number[]) * SAFETENSORS_DTYPES[d];
  if (end - begin !== expected) {
    return fail(
      `shape ${formatShape(shape as number[])} of ${d} needs ${expected} bytes but data_offsets span ${end - begin}`,
    );
  }
  return { name, dtype: d, shape: shape as number[], begin, end };
}

/** A typed-array view when the bytes are aligned for it, otherwise an aligned copy (only then). */
function aligned<T>(
  raw: Uint8Array,
  size: number,
  Ctor: new (b: ArrayBufferLike, o: number, n: number) => T,
): T {
  // new Uint8Array(view) copies into a fresh, 0-offset buffer (Buffer#slice would only make another view).
  const src = raw.byteOffset % size === 0 ? raw : new Uint8Array(raw);
  return new Ctor(src.buffer, src.byteOffset, src.byteLength / size);
}

let halfTable: Float32Array | undefined;

/** All 65,536 half-precision values decoded once: a table lookup beats bit-twiddling per element. */
function halfToFloatTable(): Float32Array {
  if (halfTable) return halfTable;
  halfTable = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) halfTable[h] = sign * frac * 2 ** -24;
    else if (exp === 31) halfTable[h] = frac === 0 ? sign * Infinity : NaN;
    else halfTable[h] = sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  return halfTable;
}

function toFloat32(raw: Uint8Array, dtype: SafetensorsDtype): Float32Array {
  switch (dtype) {
    case 'F32':
      return aligned(raw, 4, Float32Array);
    case 'F16': {
      const src = aligned(raw, 2, Uint16Array);
      const table = halfToFloatTable();
      const out = new Float32Array(src.length);
      for (let i = 0; i < src.length; i++) out[i] = table[src[i]!]!;
      return out;
    }
    case 'BF16': {
      // bfloat16 is the top half of a float32: shift it back into place.
      const src = aligned(raw, 2, Uint16Array);
      const out = new Float32Array(src.length);
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < src.length; i++) bits[i] = src[i]! << 16;
      return out;
    }
    case 'F64':
      return Float32Array.from(aligned(raw, 8, Float64Array));
    case 'I64': {
      const src = aligned(raw, 8, BigInt64Array);
      const out = new Float32Array(src.length);
      for (let i = 0; i < src.length; i++) out[i] = Number(src[i]!);
      return out;
    }
    case 'I32':
      return Float32Array.from(aligned(raw, 4, Int32Array));
    case 'I16':
      return Float32Array.from(aligned(raw, 2, Int16Array));
    case 'I8':
      return Float32Array.from(new Int8Array(raw.buffer, raw.byteOffset, raw.byteLength));
    case 'U8':
    case 'BOOL':
      return Float32Array.from(raw);
  }
}

interface Layout {
  header: Buffer;
  names: string[];
}

/** Header bytes for F32 tensors in sorted-name order, padded with spaces so the data section starts 8-byte aligned. */
function layout(
  tensors: ReadonlyMap<string, Tensor>,
  metadata: Record<string, string> | undefined,
  label: string,
): Layout {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string')
        throw new WeightsFormatError(label, `__metadata__.${k} must be a string`, { field: k });
    }
    header.__metadata__ = metadata;
  }
  let offset = 0;
  for (const name of names) {
    if (name === '__metadata__' || name.length === 0)
      throw new WeightsFormatError(label, `invalid tensor name "${name}"`);
    const t = tensors.get(name)!;
    if (t.data.length !== shapeSize(t.shape)) {
      throw new WeightsFormatError(
        label,
        `tensor "${name}" has ${t.data.length} values but shape ${formatShape(t.shape)}`,
        { tensor: name },
      );
    }
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  const jsonLen = Buffer.byteLength(json, 'utf8');
  json += ' '.repeat((8 - ((8 + jsonLen) % 8)) % 8);
  const headerBytes = Buffer.alloc(8 + Buffer.byteLength(json, 'utf8'));
  headerBytes.writeBigUInt64LE(BigInt(headerBytes.length - 8), 0);
  headerBytes.write(json, 8, 'utf8');
  return { header: headerBytes, names };
}

function bytesOf(t: Tensor): Uint8Array {
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

/** Serialises tensors as F32 safetensors in memory (small models, tests). */
export function serializeSafetensors(
  tensors: ReadonlyMap<string, Tensor>,
  metadata?: Record<string, string>,
): Buffer {
  const { header, names } = layout(tensors, metadata, '<memory>');
  return Buffer.concat([header, ...names.map((n) => bytesOf(tensors.get(n)!))]);
}

/** Writes tensors as F32 safetensors, streaming each tensor's bytes and renaming into place so a crash never leaves half a file. */
export function writeSafetensors(
  path: string,
  tensors: ReadonlyMap<string, Tensor>,
  metadata?: Record<string, string>,
): void {
  const { header, names } = layout(tensors, metadata, path);
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeAll(fd, header);
    for (const n of names) writeAll(fd, bytesOf(tensors.get(n)!));
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, path);
}

/** writeSync may write less than asked (large buffers): loop until every byte is out. */
function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}
