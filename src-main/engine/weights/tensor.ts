// The plain tensor type that weights/ hands to the model: no tfjs here, so loading and saving stay testable without a backend.

/** A dense row-major float32 tensor; the model turns it into a tf.Variable. */
export interface Tensor {
  dtype: 'float32';
  shape: number[];
  data: Float32Array;
}

/** Number of elements a shape holds (1 for a scalar `[]`). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Builds a Tensor, checking that the data length matches the shape. */
export function makeTensor(shape: number[], data: Float32Array): Tensor {
  const n = shapeSize(shape);
  if (data.length !== n) {
    throw new RangeError(`tensor data has ${data.length} values but shape [${shape.join(', ')}] needs ${n}`);
  }
  return { dtype: 'float32', shape, data };
}

/** `[a, b]` style rendering used in every shape error message. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
