// The safetensors reader and writer: round trips, half-precision conversion on known values, and corrupt files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeightsFormatError } from '../../../../src-main/engine/weights/errors';
import {
  parseSafetensors,
  readSafetensors,
  serializeSafetensors,
  writeSafetensors,
} from '../../../../src-main/engine/weights/safetensors';
import { makeTensor, type Tensor } from '../../../../src-main/engine/weights/tensor';

/** A safetensors file assembled by hand: the header exactly as given, then the raw bytes. */
function rawFile(header: unknown, data: Uint8Array): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, data]);
}

function u16le(values: number[]): Uint8Array {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeUInt16LE(v, i * 2));
  return b;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'st-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeSafetensors / readSafetensors', () => {
  it('reads back exactly what it wrote, with sorted names, an 8-byte aligned data section and metadata', () => {
    const tensors = new Map<string, Tensor>([
      ['b.weight', makeTensor([2, 3], Float32Array.from([1.5, -2, 3.25, 0, -0, 1e-30]))],
      ['a.bias', makeTensor([3], Float32Array.from([Math.PI, -Math.E, 65504.5]))],
      ['scalar', makeTensor([], Float32Array.from([7]))],
    ]);
    const path = join(dir, 'm.safetensors');
    writeSafetensors(path, tensors, { format: 'pt', note: 'ünïcode' });
    const bytes = readFileSync(path);
    const headerLen = Number(bytes.readBigUInt64LE(0));
    expect((8 + headerLen) % 8).toBe(0);
    const header = JSON.parse(bytes.subarray(8, 8 + headerLen).toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(header)).toEqual(['__metadata__', 'a.bias', 'b.weight', 'scalar']);
    expect(header['a.bias']).toEqual({ dtype: 'F32', shape: [3], data_offsets: [0, 12] });

    const back = readSafetensors(path);
    expect(back.metadata).toEqual({ format: 'pt', note: 'ünïcode' });
    expect([...back.tensors.keys()].sort()).toEqual(['a.bias', 'b.weight', 'scalar']);
    for (const [name, t] of tensors) {
      const r = back.tensors.get(name)!;
      expect(r.shape).toEqual(t.shape);
      expect(Array.from(r.data)).toEqual(Array.from(t.data));
      expect(back.sourceDtypes.get(name)).toBe('F32');
    }
    expect(serializeSafetensors(tensors, { format: 'pt', note: 'ünïcode' }).equals(bytes)).toBe(true);
  });

  it('hands out aligned float32 tensors as views of the file buffer, not copies', () => {
    const bytes = serializeSafetensors(new Map([['w', makeTensor([2], Float32Array.from([1, 2]))]]));
    const t = parseSafetensors(bytes, 'view').tensors.get('w')!;
    expect(t.data.buffer).toBe(bytes.buffer);
  });

  it('returns only the selected tensors', () => {
    const tensors = new Map([
      ['keep', makeTensor([1], Float32Array.from([1]))],
      ['drop', makeTensor([1], Float32Array.from([2]))],
    ]);
    const back = parseSafetensors(serializeSafetensors(tensors), 'sel', { select: (n) => n === 'keep' });
    expect([...back.tensors.keys()]).toEqual(['keep']);
    expect(back.sourceDtypes.has('drop')).toBe(true);
  });

  it('refuses a tensor whose data does not match its shape', () => {
    const bad = new Map([['x', { dtype: 'float32' as const, shape: [2, 2], data: new Float32Array(3) }]]);
    expect(() => writeSafetensors(join(dir, 'bad.safetensors'), bad)).toThrow(
      /tensor "x" has 3 values but shape \[2, 2\]/,
    );
  });
});

describe('dtype conversion', () => {
  it('decodes F16 on known values, including subnormals, infinities and NaN', () => {
    const halves = [0x3c00, 0xc000, 0x3555, 0x7bff, 0x0001, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x0400];
    const data = u16le(halves);
    const file = rawFile({ h: { dtype: 'F16', shape: [10], data_offsets: [0, data.length] } }, data);
    const t = parseSafetensors(file, 'f16').tensors.get('h')!;
    const v = Array.from(t.data);
    expect(v.slice(0, 4)).toEqual([1, -2, Math.fround(0.333251953125), 65504]);
    expect(v[4]).toBe(Math.fround(2 ** -24));
    expect(Object.is(v[5], -0)).toBe(true);
    expect(v[6]).toBe(Infinity);
    expect(v[7]).toBe(-Infinity);
    expect(Number.isNaN(v[8])).toBe(true);
    expect(v[9]).toBe(Math.fround(2 ** -14));
  });

  it('decodes BF16 as the top half of float32', () => {
    const data = u16le([0x3f80, 0xc049, 0x4049, 0x0000, 0x7f80]);
    const file = rawFile({ b: { dtype: 'BF16', shape: [5], data_offsets: [0, 10] } }, data);
    const v = Array.from(parseSafetensors(file, 'bf16').tensors.get('b')!.data);
    expect(v).toEqual([1, -3.140625, 3.140625, 0, Infinity]);
  });

  it('copies a float32 tensor that lands on an odd offset after a half-precision one', () => {
    const f16 = u16le([0x3c00]);
    const f32 = Buffer.alloc(8);
    f32.writeFloatLE(2.5, 0);
    f32.writeFloatLE(-1, 4);
    const file = rawFile(
      {
        a: { dtype: 'F16', shape: [1], data_offsets: [0, 2] },
        b: { dtype: 'F32', shape: [2], data_offsets: [2, 10] },
      },
      Buffer.concat([f16, f32]),
    );
    expect(Array.from(parseSafetensors(file, 'mixed').tensors.get('b')!.data)).toEqual([2.5, -1]);
  });

  it('converts integer and bool tensors', () => {
    const i64 = Buffer.alloc(16);
    i64.writeBigInt64LE(-3n, 0);
    i64.writeBigInt64LE(1234567n, 8);
    const file = rawFile(
      {
        ids: { dtype: 'I64', shape: [2], data_offsets: [0, 16] },
        mask: { dtype: 'BOOL', shape: [1, 3], data_offsets: [16, 19] },
      },
      Buffer.concat([i64, Uint8Array.from([1, 0, 1])]),
    );
    const { tensors } = parseSafetensors(file, 'ints');
    expect(Array.from(tensors.get('ids')!.data)).toEqual([-3, 1234567]);
    expect(Array.from(tensors.get('mask')!.data)).toEqual([1, 0, 1]);
  });
});

describe('corrupt files', () => {
  const ok = { w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
  const cases: [string, Buffer, RegExp][] = [
    ['too short', Buffer.alloc(5), /too short for a safetensors header/],
    [
      'header length past the end',
      (() => {
        const b = Buffer.alloc(16);
        b.writeBigUInt64LE(1000n);
        return b;
      })(),
      /header length 1000 exceeds the file size/,
    ],
    [
      'header not JSON',
      (() => {
        const b = Buffer.alloc(12);
        b.writeBigUInt64LE(4n);
        b.write('{bad', 8);
        return b;
      })(),
      /header is not valid UTF-8 JSON/,
    ],
    ['header an array', rawFile([1, 2], new Uint8Array()), /header must be a JSON object/],
    [
      'unknown dtype',
      rawFile({ w: { dtype: 'F8_E4M3', shape: [2], data_offsets: [0, 2] } }, new Uint8Array(2)),
      /tensor "w": unsupported dtype "F8_E4M3"/,
    ],
    [
      'bad shape',
      rawFile({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, new Uint8Array(4)),
      /tensor "w": shape must be/,
    ],
    [
      'offsets past the data',
      rawFile(ok, new Uint8Array(4)),
      /tensor "w": data_offsets \[0, 8\] fall outside the 4-byte data section/,
    ],
    [
      'size mismatch',
      rawFile({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8)),
      /shape \[3\] of F32 needs 12 bytes but data_offsets span 8/,
    ],
    [
      'overlap',
      rawFile(
        {
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
        },
        new Uint8Array(8),
      ),
      /tensor "b" overlaps "a"/,
    ],
    [
      'metadata not strings',
      rawFile({ __metadata__: { n: 1 }, ...ok }, new Uint8Array(8)),
      /__metadata__\.n must be a string/,
    ],
  ];
  it.each(cases)('%s: raises a WeightsFormatError naming the file', (_name, bytes, message) => {
    const path = join(dir, 'broken.safetensors');
    writeFileSync(path, bytes);
    let caught: unknown;
    try {
      readSafetensors(path);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(WeightsFormatError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message.startsWith(path)).toBe(true);
  });

  it('names a missing file', () => {
    expect(() => readSafetensors(join(dir, 'nope.safetensors'))).toThrow(
      /nope\.safetensors: cannot read weights file/,
    );
  });
});
