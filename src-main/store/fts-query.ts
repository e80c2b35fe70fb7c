// Turns what a user types into the search box into an FTS5 query that can never be a syntax error.

/** Quoted phrases, or runs of characters that are neither whitespace nor quotes; an unclosed quote runs to the end. */
const TERM = /"([^"]*)(?:"|$)|([^\s"]+)/g;
/** SQLite reads the query as a C string: a NUL would cut it inside a quoted term. Other controls are noise. */
const CONTROL = /\p{Cc}/gu;
/** unicode61 only makes tokens of letters and numbers: a term without any would match nothing (or confuse FTS5). */
const HAS_TOKEN = /[\p{L}\p{N}]/u;

/**
 * Plain words are ANDed; "quoted phrases" match as phrases; a trailing `*` on a word asks for a prefix match.
 * Every term is emitted as an FTS5 string, so operators (`OR`, `NEAR`, `-`, `:`, parentheses) typed by the user
 * are searched for as words, not interpreted. Returns null when nothing searchable remains.
 */
export function toFtsQuery(input: string): string | null {
  const parts: string[] = [];
  for (const match of input.replace(CONTROL, ' ').matchAll(TERM)) {
    const phrase = match[1];
    if (phrase !== undefined) {
      if (HAS_TOKEN.test(phrase)) parts.push(`"${phrase}"`);
      continue;
    }
    const word = match[2] ?? '';
    const prefix = word.endsWith('*');
    const bare = word.replace(/\*+$/, '');
    if (!HAS_TOKEN.test(bare)) continue;
    parts.push(prefix ? `"${bare}"*` : `"${bare}"`);
  }
  return parts.length === 0 ? null : parts.join(' ');
}
