// Word-level diff between two texts (Myers' O(ND) algorithm over word/space/punctuation tokens), with size
// guards so a huge or wholly different pair degrades to a coarse diff instead of freezing the window.

export type DiffOpType = 'equal' | 'delete' | 'insert';

/** `delete`: text only in `a`; `insert`: text only in `b`. Concatenating equal+delete gives `a`, equal+insert gives `b`. */
export interface DiffOp {
  type: DiffOpType;
  text: string;
}

export interface WordDiff {
  ops: DiffOp[];
  /** False when a guard tripped and the middle of the texts is reported as one delete plus one insert. */
  exact: boolean;
}

export interface DiffLimits {
  /** Tokens (after trimming the common prefix and suffix) above which no word-level diff is tried. */
  maxTokens: number;
  /** Edit distance above which the search gives up: cost grows with tokens × edits. */
  maxEdits: number;
}

export const DEFAULT_DIFF_LIMITS: DiffLimits = { maxTokens: 40_000, maxEdits: 1_000 };

const TOKEN = /\s+|[\p{L}\p{N}_'’]+|[^\s\p{L}\p{N}_'’]/gu;

/** Splits text into tokens whose concatenation is exactly the text. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export function wordDiff(a: string, b: string, limits: DiffLimits = DEFAULT_DIFF_LIMITS): WordDiff {
  const raw = diffTokens(tokenize(a), tokenize(b), limits);
  return { ops: mergeWhitespaceIslands(raw.ops), exact: raw.exact };
}

/** The minimal token diff (before whitespace clean-up). */
export function diffTokens(ta: string[], tb: string[], limits: DiffLimits = DEFAULT_DIFF_LIMITS): WordDiff {
  let start = 0;
  while (start < ta.length && start < tb.length && ta[start] === tb[start]) start++;
  let endA = ta.length;
  let endB = tb.length;
  while (endA > start && endB > start && ta[endA - 1] === tb[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = ta.slice(start, endA);
  const midB = tb.slice(start, endB);
  let middle: DiffOp[] | null = null;
  if (midA.length + midB.length <= limits.maxTokens) middle = myers(midA, midB, limits.maxEdits);
  const exact = middle !== null;
  middle ??= [
    { type: 'delete', text: midA.join('') },
    { type: 'insert', text: midB.join('') },
  ];
  const ops: DiffOp[] = [];
  push(ops, 'equal', ta.slice(0, start).join(''));
  for (const op of middle) push(ops, op.type, op.text);
  push(ops, 'equal', ta.slice(endA).join(''));
  return { ops, exact };
}

/**
 * Two rewritten sentences share little but their spaces, and a minimal diff keeps those spaces as matches,
 * which shreds the highlight into word-by-word confetti. A whitespace-only match between two changes is
 * therefore folded into the change, and each run of changes becomes one delete followed by one insert.
 */
export function mergeWhitespaceIslands(ops: DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  let del = '';
  let ins = '';
  const flush = (): void => {
    push(out, 'delete', del);
    push(out, 'insert', ins);
    del = '';
    ins = '';
  };
  ops.forEach((op, i) => {
    const island =
      op.type === 'equal' &&
      /^\s+$/.test(op.text) &&
      (del !== '' || ins !== '') &&
      ops[i + 1] !== undefined &&
      ops[i + 1]!.type !== 'equal';
    if (op.type === 'delete' || island) del += op.text;
    if (op.type === 'insert' || island) ins += op.text;
    if (op.type === 'equal' && !island) {
      flush();
      push(out, 'equal', op.text);
    }
  });
  flush();
  return out;
}

/** Appends, merging with the previous op of the same type and dropping empty text. */
function push(ops: DiffOp[], type: DiffOpType, text: string): void {
  if (text === '') return;
  const last = ops[ops.length - 1];
  if (last !== undefined && last.type === type) last.text += text;
  else ops.push({ type, text });
}

/**
 * Myers' greedy shortest-edit-script search. Keeps, per edit count d, the furthest-reaching x for every
 * diagonal k in [-d-1, d+1] so the path can be traced back. Null when more than `maxEdits` edits are needed.
 */
function myers(a: string[], b: string[], maxEdits: number): DiffOp[] | null {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= Math.min(max, maxEdits); d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
      let x = down ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b);
    }
  }
  return null;
}

function backtrack(trace: Int32Array[], a: string[], b: string[]): DiffOp[] {
  const reversed: DiffOp[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const saved = trace[d]!;
    // saved[i] holds diagonal k = i - d - 1.
    const at = (k: number): number => saved[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      reversed.push({ type: 'equal', text: a[x - 1]! });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) reversed.push({ type: 'insert', text: b[prevY]! });
      else reversed.push({ type: 'delete', text: a[prevX]! });
    }
    x = prevX;
    y = prevY;
  }
  const ops: DiffOp[] = [];
  for (let i = reversed.length - 1; i >= 0; i--) push(ops, reversed[i]!.type, reversed[i]!.text);
  return ops;
}

/** Rebuilds one side of a diff: `a` from equal+delete, `b` from equal+insert. */
export function applyOps(ops: DiffOp[], side: 'a' | 'b'): string {
  const skip: DiffOpType = side === 'a' ? 'insert' : 'delete';
  return ops
    .filter((op) => op.type !== skip)
    .map((op) => op.text)
    .join('');
}
