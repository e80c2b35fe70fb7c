// MARS (margin-aware refinement): the public surface the rounds job, store and UI use.
export * from './sampler';
export * from './pool';
export * from './operators/types';
export * from './operators/guard';
export {
  synonymOperator,
  synonymSlots,
  DEFAULT_SYNONYM_PARAMS,
  type SynonymParams,
  type SynonymSlot,
} from './operators/synonym';
export {
  spanDeleteOperator,
  deletableSpans,
  DEFAULT_SPAN_DELETE_PARAMS,
  type SpanDeleteParams,
} from './operators/span-delete';
export {
  reorderOperator,
  swappablePairs,
  DEFAULT_REORDER_PARAMS,
  type ReorderParams,
} from './operators/reorder';
export {
  WordNetLexicon,
  wordNet,
  defaultDictDir,
  type WordNetPos,
  type WordNetStats,
  type SynonymOptions,
} from './operators/wordnet';
export { defaultOperators } from './operators/defaults';
