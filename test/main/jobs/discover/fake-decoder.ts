// A tiny in-test decoder (tests only): deterministic responses whose reward is their length / 10, so every output's
// side of the references is known in advance. It can abort its caller after a number of outputs, like a cancel.
import type { DecodeHooks, DecodeParams, DecodePrompt, DecodedResponse, OpenedDecoder } from '../../../../src-main/engine/decode/types';

/** Reward of a text: its length / 10 (references: chosen 30 chars → 3, rejected 20 chars → 2). */
export const reward = (text: string): number => text.length / 10;

/**
 * Sample 0 is always a failure (aligned: 10 chars, r = 1 < 2; misaligned: 40 chars, r = 4 > 3), sample 1 never
 * (aligned: 25 chars, r = 2.5; misaligned: 5 chars, r = 0.5).
 */
export function responseFor(role: DecodeParams['role'], sample: number, key: number): string {
  const length = role === 'aligned' ? (sample === 0 ? 10 : 25) : sample === 0 ? 40 : 5;
  return `${key}:${role[0]}${sample}`.padEnd(length, role === 'aligned' ? 'g' : 'b');
}

export interface FakeDecoderLog {
  calls: { keys: number[]; params: DecodeParams }[];
  disposed: number;
}

/**
 * `fixedReferences` scores any reference pair as (3, 2), as the 30/20-character references of the job test would
 * score, so real (longer) data sets give the same failures.
 */
export function fakeDecoder(
  log: FakeDecoderLog,
  abortAfter?: { outputs: number; controller: AbortController },
  fixedReferences = false,
): OpenedDecoder {
  let emitted = 0;
  return {
    decoder: {
      async decode(prompts: readonly DecodePrompt[], params: DecodeParams, hooks?: DecodeHooks) {
        log.calls.push({ keys: prompts.map((p) => p.key), params });
        const out: DecodedResponse[] = [];
        for (const p of prompts) {
          for (let sample = 0; sample < params.samplesPerPrompt; sample++) {
            if (hooks?.signal?.aborted) throw new Error('aborted');
            const response = responseFor(params.role, sample, p.key);
            const o = { key: p.key, sample, response, reward: reward(response), tokens: response.length };
            out.push(o);
            hooks?.onOutput?.(o);
            emitted++;
            if (abortAfter && emitted === abortAfter.outputs) abortAfter.controller.abort();
          }
        }
        return out;
      },
      dispose: () => void log.disposed++,
    },
    scorer: {
      score: (_prompt: string, responses: readonly string[]) =>
        Promise.resolve(fixedReferences ? [3, 2] : responses.map(reward)),
    },
  };
}
