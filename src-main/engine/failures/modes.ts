// Failure modes: why the reward model fails, not single cases. Contrasts discovered responses with the references
// they beat (length, over-represented words and bigrams, shared openings and closings), per policy role.
import type { FailureMode, PolicyRole } from '../../shared/discovery-dto';
import { bonferroniZ, weightedLogOdds } from './log-odds';
import { edges, phraseKind, terms, words } from './text-features';

export interface ModeInput {
  pairId: number;
  role: PolicyRole;
  response: string;
  /** The dataset response the failure beat (misaligned) or lost to (aligned). */
  reference: string;
}

export interface ModeOptions {
  /** Term modes need at least this z-score; default the Bonferroni z for all terms scored at 5%. */
  minZ?: number;
  /** A mode needs at least this many members… */
  minCount?: number;
  /** …and, for openings/closings, this share of the role's failures. */
  minShare?: number;
  /** Term modes kept per role. */
  maxTerms?: number;
  examples?: number;
}

type Resolved = Required<Omit<ModeOptions, 'minZ'>> & { minZ: number | undefined };

const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);

function mode(
  id: string,
  kind: FailureMode['kind'],
  role: PolicyRole,
  label: string,
  members: readonly ModeInput[],
  stats: Record<string, number>,
  examples: number,
): FailureMode {
  const pairIds = members.map((m) => m.pairId);
  return { id, kind, role, label, count: pairIds.length, stats, examples: pairIds.slice(0, examples), pairIds };
}

/** Failures shorter, and longer, than their references: the length cue a reward model most often leans on. */
function lengthModes(role: PolicyRole, items: readonly ModeInput[], o: Resolved): FailureMode[] {
  const out: FailureMode[] = [];
  for (const direction of ['shorter', 'longer'] as const) {
    const members = items.filter((f) => {
      const change = words(f.response).length - words(f.reference).length;
      return direction === 'shorter' ? change < 0 : change > 0;
    });
    if (members.length < o.minCount) continue;
    const len = members.map((f) => words(f.response).length);
    const ref = members.map((f) => words(f.reference).length);
    out.push(
      mode(`length:${role}:${direction}`, 'length', role, `${direction} than the reference`, members, {
        share: members.length / items.length,
        meanWords: mean(len),
        meanReferenceWords: mean(ref),
        meanChange: mean(len.map((l, i) => l - (ref[i] ?? 0))),
      }, o.examples),
    );
  }
  return out;
}

/** Words and bigrams the failures over-use compared with their references, by weighted log-odds. */
function termModes(role: PolicyRole, items: readonly ModeInput[], o: Resolved): FailureMode[] {
  const docs = items.map((f) => terms(f.response));
  const refDocs = items.map((f) => terms(f.reference));
  const all = weightedLogOdds(docs, refDocs);
  const minZ = o.minZ ?? bonferroniZ(all.length);
  const scored = all.filter((t) => t.z >= minZ && t.focus >= o.minCount);
  return scored.slice(0, o.maxTerms).map((t) => {
    const members = items.filter((_, i) => docs[i]?.includes(t.term));
    return mode(`term:${role}:${t.term}`, 'term', role, `uses “${t.term}”`, members, {
      z: t.z,
      logOdds: t.delta,
      failureRate: t.focus / items.length,
      referenceRate: t.other / items.length,
    }, o.examples);
  });
}

/** Openings (or closings) many failures share, e.g. an apology or a refusal, with how often references use them. */
function edgeModes(
  role: PolicyRole,
  items: readonly ModeInput[],
  which: 'opening' | 'closing',
  o: Resolved,
): FailureMode[] {
  const groups = new Map<string, ModeInput[]>();
  for (const f of items) {
    const phrase = edges(f.response)[which];
    if (phrase !== '') groups.set(phrase, [...(groups.get(phrase) ?? []), f]);
  }
  const out: FailureMode[] = [];
  for (const [phrase, members] of groups) {
    if (members.length < o.minCount || members.length / items.length < o.minShare) continue;
    const refShare = items.filter((f) => edges(f.reference)[which] === phrase).length / items.length;
    const kind = phraseKind(phrase);
    const verb = which === 'opening' ? 'opens with' : 'closes with';
    out.push(
      mode(`${which}:${role}:${phrase}`, which, role, `${verb} “${phrase}”${kind ? ` (${kind})` : ''}`, members, {
        share: members.length / items.length,
        referenceShare: refShare,
      }, o.examples),
    );
  }
  return out.sort((a, b) => b.count - a.count);
}

/** Every mode of every role, in reading order: length, then terms by z, then openings and closings by size. */
export function failureModes(failures: readonly ModeInput[], options: ModeOptions = {}): FailureMode[] {
  const o: Resolved = {
    minZ: options.minZ,
    minCount: options.minCount ?? 2,
    minShare: options.minShare ?? 0.1,
    maxTerms: options.maxTerms ?? 8,
    examples: options.examples ?? 3,
  };
  const out: FailureMode[] = [];
  for (const role of ['aligned', 'misaligned'] as const) {
    const items = failures.filter((f) => f.role === role);
    if (items.length === 0) continue;
    out.push(...lengthModes(role, items, o), ...termModes(role, items, o));
    out.push(...edgeModes(role, items, 'opening', o), ...edgeModes(role, items, 'closing', o));
  }
  return out;
}
