// Seeded randomness for data generation and sampling, as a plain function over the engine's savable PRNG.
import { SeededRng } from './model/rng';

export type Rng = () => number;

/** mulberry32 (SeededRng) as a function: uniform in [0, 1), the same stream for the same seed everywhere. */
export function mulberry32(seed: number): Rng {
  const rng = new SeededRng(seed);
  return () => rng.next();
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick from an empty list');
  return items[Math.floor(rng() * items.length)] as T;
}
