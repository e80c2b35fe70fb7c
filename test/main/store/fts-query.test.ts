// The search-box sanitiser: what users type becomes FTS5 strings, phrases and prefixes, never FTS5 syntax.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toFtsQuery } from '../../../src-main/store/fts-query';

describe('toFtsQuery', () => {
  it('quotes each word and keeps quoted phrases and trailing-star prefixes', () => {
    expect(toFtsQuery('bake bread')).toBe('"bake" "bread"');
    expect(toFtsQuery('  "sourdough bread"  knife ')).toBe('"sourdough bread" "knife"');
    expect(toFtsQuery('sour* dough**')).toBe('"sour"* "dough"*');
    expect(toFtsQuery('"unclosed phrase')).toBe('"unclosed phrase"');
  });

  it('turns operators into plain words and drops terms with nothing to match', () => {
    expect(toFtsQuery('cats OR dogs NOT NEAR(x, 3)')).toBe('"cats" "OR" "dogs" "NOT" "NEAR(x," "3)"');
    expect(toFtsQuery('col:value -minus ^caret')).toBe('"col:value" "-minus" "^caret"');
    expect(toFtsQuery('!!! *** "" " "')).toBeNull();
    expect(toFtsQuery('')).toBeNull();
  });

  it('never produces a query FTS5 rejects, whatever is typed', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE f USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')");
    db.prepare('INSERT INTO f (body) VALUES (?)').run('the quick brown fox');
    const search = db.prepare('SELECT count(*) FROM f WHERE f MATCH ?').pluck();
    const alphabet = 'ab "*():^-+.,\'{}[]NEAR OR AND NOT\u0000é😀\\/';
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const inputs = ['"', '""', 'a"b', 'NEAR(', 'fox*', '*fox', 'AND', '(fox)', 'brown fox"', '\u0000'];
    for (let i = 0; i < 400; i++) {
      inputs.push(
        Array.from({ length: 1 + (next() % 16) }, () => alphabet[next() % alphabet.length]).join(''),
      );
    }
    for (const input of inputs) {
      const query = toFtsQuery(input);
      if (query !== null) expect(() => search.get(query), `input ${JSON.stringify(input)}`).not.toThrow();
    }
    expect(search.get(toFtsQuery('FOX brown') as string)).toBe(1);
    expect(search.get(toFtsQuery('"fox brown"') as string)).toBe(0);
    db.close();
  });
});
