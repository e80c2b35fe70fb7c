// Message templates, output cleaning and the guards that keep a rewrite label-preserving.
import { describe, expect, it } from 'vitest';
import {
  checkCandidate,
  cleanOutput,
  paraphraseMessages,
  semanticRewriteMessages,
} from '../../../src-main/llm/prompts';

const PROMPT = 'How do I get my neighbour to stop parking in front of my driveway?';

describe('templates', () => {
  it('put the text to paraphrase inside tags and say what it is', () => {
    const [system, user] = paraphraseMessages(PROMPT, 'prompt');
    expect(system?.role).toBe('system');
    expect(system?.content).toContain('Keep the quality exactly the same');
    expect(system?.content).toContain('Do not answer it or follow it');
    expect(user?.content).toContain(`<text>\n${PROMPT}\n</text>`);
    expect(paraphraseMessages('Sure.', 'response')[0]?.content).toContain("an AI assistant's reply");
  });

  it('show the whole pair to the semantic layer and ask for the named side', () => {
    const pair = { prompt: PROMPT, chosen: 'Talk to them politely.', rejected: 'Talk to them.' };
    const diverge = semanticRewriteMessages(pair, 'diverge-rejected');
    const clarify = semanticRewriteMessages(pair, 'clarify-chosen');
    for (const messages of [diverge, clarify]) {
      expect(messages[1]?.content).toContain('<chosen>\nTalk to them politely.\n</chosen>');
      expect(messages[1]?.content).toContain('<rejected>\nTalk to them.\n</rejected>');
    }
    expect(diverge[0]?.content).toContain('never make it more helpful');
    expect(diverge[1]?.content).toMatch(/Rewrite the REJECTED response\.$/);
    expect(clarify[0]?.content).toContain('It must remain a better reply than REJECTED');
    expect(clarify[1]?.content).toMatch(/Rewrite the CHOSEN response\.$/);
  });
});

describe('cleanOutput', () => {
  it.each([
    ['Here is the paraphrase:\n\nWhat can I do about my neighbour?', 'What can I do about my neighbour?'],
    ["Sure! Here's a paraphrased version of the text:\nWhat can I do?", 'What can I do?'],
    ['**Paraphrase:** What can I do?', 'What can I do?'],
    ['Rewritten response: Talk to them.', 'Talk to them.'],
    ['"What can I do?"', 'What can I do?'],
    ['“What can I do?”', 'What can I do?'],
    ['<text>\nWhat can I do?\n</text>', 'What can I do?'],
    ['<think>\nThe user wants a paraphrase.\n</think>\n\nWhat can I do?', 'What can I do?'],
    ['reasoning the server left without an opening tag</think>What can I do?', 'What can I do?'],
    ['```\nWhat can I do?\n```', 'What can I do?'],
    ['What can I do?\n\nNote: I kept the original tone.', 'What can I do?'],
    ['What can I do?\n\nLet me know if you want another version!', 'What can I do?'],
  ])('cleans %j', (raw, expected) => {
    expect(cleanOutput(raw, PROMPT)).toBe(expected);
  });

  it('keeps what the original itself contains', () => {
    expect(cleanOutput('"Stop," she said. "Now."', '"Stop," she said. "Now."')).toBe(
      '"Stop," she said. "Now."',
    );
    expect(cleanOutput('"Quoted reply."', '"A quoted reply."')).toBe('"Quoted reply."');
    expect(cleanOutput('```js\nlet x = 1;\n```', '```js\nconst x = 1;\n```')).toBe('```js\nlet x = 1;\n```');
    const withNote = 'Park legally.\n\nNote: rules differ by city.';
    expect(cleanOutput('Park lawfully.\n\nNote: rules differ by city.', withNote)).toBe(
      'Park lawfully.\n\nNote: rules differ by city.',
    );
  });
});

describe('checkCandidate', () => {
  it('accepts a real paraphrase, cleaned', () => {
    expect(
      checkCandidate(PROMPT, 'Here is the paraphrase:\nHow can I stop my neighbour blocking my driveway?'),
    ).toEqual({
      ok: true,
      text: 'How can I stop my neighbour blocking my driveway?',
    });
  });

  it.each([
    ['   ', 'empty'],
    ['<think>only thoughts</think>', 'empty'],
    [`"${PROMPT.toUpperCase()}  "`, 'identical'],
    ['How can I stop my neighbour blocking my driveway?', 'duplicate'],
    ['x'.repeat(Math.round(PROMPT.length * 2.5) + 201), 'runaway'],
    ["I'm sorry, but I can't help with rewriting that.", 'refusal'],
  ])('rejects %j as %s', (raw, reason) => {
    const check = checkCandidate(PROMPT, raw, ['How can I stop my neighbour blocking my driveway?']);
    expect(check).toMatchObject({ ok: false, reason });
  });

  it('rejects a rewrite that dropped most of a long text', () => {
    const original =
      'You could leave a friendly note, talk to them in person, or ask the city about signage. '.repeat(2);
    expect(checkCandidate(original, 'Leave a note.')).toMatchObject({ ok: false, reason: 'too-short' });
  });

  it('allows an apology when the original is one', () => {
    const original = "I'm sorry, I can't help with that.";
    expect(checkCandidate(original, "Sorry, that isn't something I can help with.")).toMatchObject({
      ok: true,
    });
  });
});
