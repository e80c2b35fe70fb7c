// Sentence-level helpers of the perturbation families: split a response, tell on-topic sentences, rebuild text.
import { lines, splitSentences, STOP_WORDS } from '../mars/operators/text';

/** The sentences of a text, line by line, without the whitespace around them. */
export function sentencesOf(text: string): string[] {
  return lines(text).flatMap((l) => splitSentences(l.text).map((s) => s.text));
}

/** The leading whitespace of a text: responses in HH-style transcripts start with a space that must stay. */
export function leadingSpace(text: string): string {
  return /^\s*/.exec(text)?.[0] ?? '';
}

/** Lower-case content words (not function words, three letters or more). */
export function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[a-z]+(?:'[a-z]+)?/g) ?? [];
  return new Set(words.filter((w) => w.length >= 3 && !STOP_WORDS.has(w)));
}

/** A sentence is on topic when it shares a content word with the prompt: it addresses what was asked. */
export function onTopic(sentence: string, promptWords: ReadonlySet<string>): boolean {
  for (const w of contentWords(sentence)) if (promptWords.has(w)) return true;
  return false;
}

/** The prompt's content words, from the last human turn only (earlier turns may be about something else). */
export function askedWords(prompt: string): Set<string> {
  const turns = prompt.split(/\n\nHuman:/);
  const last = (turns[turns.length - 1] ?? prompt).replace(/\n\nAssistant:\s*$/, '');
  return contentWords(last);
}
