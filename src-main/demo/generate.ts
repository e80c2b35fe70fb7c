// The built-in demo data set: pairs generated from a hidden preference rule with a planted spurious length cue.
import { ASKS, DISMISSALS, FILLERS, OPENERS, TOPICS, UNSAFE, VAGUE, type DemoTopic } from './topics';
import { mulberry32, pick, type Rng } from '../engine/rng';

/**
 * The hidden rule, exposed so benches can check that augmented pairs kept their labels: a response is good when it
 * gives at least one concrete step about the item the prompt asks for, and it is bad when it dismisses the user or
 * gives unsafe advice, whatever else it says. The flaws are planted in the rejected responses.
 */
export function demoQuality(prompt: string, response: string): number {
  const topic = TOPICS.find((t) => prompt.includes(` ${t.item}`));
  if (!topic) return 0;
  const hasStep = topic.steps.some((s) => response.includes(s)) ? 1 : 0;
  const dismissive = DISMISSALS.some((d) => response.includes(d)) ? 1 : 0;
  const unsafe = UNSAFE.some((u) => response.includes(u)) ? 1 : 0;
  return hasStep - 2 * (dismissive + unsafe);
}

export type DemoFlaw = 'dismissive' | 'unsafe' | 'vague';

const FLAWS: readonly DemoFlaw[] = ['dismissive', 'unsafe', 'vague'];

export interface DemoPair {
  prompt: string;
  chosen: string;
  rejected: string;
  split: 'train' | 'validation';
  /**
   * Which flaw the better response's rival carries, whether the chosen one is the longer (the spurious cue), and
   * whether annotator noise swapped the label (then `chosen` is the worse response).
   */
  extra: { flaw: DemoFlaw; chosenLonger: boolean; topic: string; noisy?: true };
}

export interface DemoOptions {
  pairs: number;
  seed: number;
  /** Share of pairs held out for validation. */
  validationShare?: number;
  /** In the training split, how often the chosen response is the longer one. */
  lengthBias?: number;
  /**
   * Share of training pairs whose label is swapped, as careless annotators do; held-out pairs stay clean. These are
   * the mis-ranked pairs a reviewer should find and flip in the ambiguous-pairs queue. Default 0.
   */
  labelNoise?: number;
}

function sample<T>(rng: Rng, items: readonly T[], n: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(rng() * pool.length), 1)[0] as T);
  return out;
}

function goodResponse(rng: Rng, topic: DemoTopic): string[] {
  return [pick(rng, OPENERS), ...sample(rng, topic.steps, 1 + Math.floor(rng() * 2))];
}

function badResponse(rng: Rng, topic: DemoTopic, flaw: DemoFlaw): string[] {
  const opener = pick(rng, OPENERS);
  switch (flaw) {
    // A dismissal or unsafe advice may sit next to a correct step: the rule still ranks it below a clean answer.
    case 'dismissive':
      return rng() < 0.5 ? [opener, pick(rng, DISMISSALS), pick(rng, topic.steps)] : [opener, pick(rng, DISMISSALS)];
    case 'unsafe':
      return [opener, pick(rng, topic.steps), pick(rng, UNSAFE)];
    case 'vague':
      return [opener, ...sample(rng, VAGUE, 1 + Math.floor(rng() * 2))];
  }
}

function withFiller(rng: Rng, parts: string[], count: number): string {
  return ' ' + [...parts, ...sample(rng, FILLERS, count)].join(' ');
}

/** Deterministic for a given seed: the same options always give the same pairs in the same order. */
export function generateDemoPairs(options: DemoOptions): DemoPair[] {
  const rng = mulberry32(options.seed);
  const validationShare = options.validationShare ?? 0.2;
  const lengthBias = options.lengthBias ?? 0.85;
  const labelNoise = options.labelNoise ?? 0;
  // Its own stream, drawn once per pair: the pairs are the same with or without noise, bar the swapped labels.
  const noiseRng = mulberry32((options.seed ^ 0x6e6f6973) >>> 0);
  const out: DemoPair[] = [];
  for (let i = 0; i < options.pairs; i++) {
    const topic = pick(rng, TOPICS);
    const ask = pick(rng, ASKS)(topic);
    const prompt = `\n\nHuman: ${ask}\n\nAssistant:`;
    const flaw = pick(rng, FLAWS);
    const split = rng() < validationShare ? 'validation' : 'train';
    const chosenLonger = rng() < (split === 'train' ? lengthBias : 0.5);
    const good = goodResponse(rng, topic);
    const bad = badResponse(rng, topic, flaw);
    const [longFill, shortFill] = [2 + Math.floor(rng() * 3), Math.floor(rng() * 2)];
    let chosen = withFiller(rng, good, chosenLonger ? longFill : shortFill);
    let rejected = withFiller(rng, bad, chosenLonger ? shortFill : longFill);
    // Guarantee the cue's direction in characters, not just in sentence count.
    if (chosenLonger !== chosen.length > rejected.length) {
      if (chosenLonger) chosen += ' ' + FILLERS[0];
      else rejected += ' ' + FILLERS[1];
    }
    const extra = { flaw, chosenLonger, topic: topic.item };
    if (noiseRng() < labelNoise && split === 'train') {
      out.push({ prompt, chosen: rejected, rejected: chosen, split, extra: { ...extra, noisy: true } });
    } else {
      out.push({ prompt, chosen, rejected, split, extra });
    }
  }
  return out;
}
