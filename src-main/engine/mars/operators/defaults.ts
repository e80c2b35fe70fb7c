// The offline operator set MARS uses unless told otherwise, in the order they appear in provenance.
import { reorderOperator } from './reorder';
import { spanDeleteOperator } from './span-delete';
import { synonymOperator } from './synonym';
import type { AugmentOperator } from './types';

export function defaultOperators(): AugmentOperator[] {
  return [synonymOperator(), spanDeleteOperator(), reorderOperator()];
}
