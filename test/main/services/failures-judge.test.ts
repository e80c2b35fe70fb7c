// The optional LLM judge on discovered failures, through the contract on a real Studio and a real OpenAI-compatible
// server on 127.0.0.1 that judges by the demo's hidden rule: verdicts parsed from chatty answers, stored as
// suggestions that never change a review status, dropped when the response is edited, and refused without an endpoint.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoVerdict } from '../../../src-main/curation/failures/class-check';
import { createJobContext } from '../../../src-main/jobs/context';
import { runDiscovery } from '../../../src-main/jobs/discover/discover-run';
import { parseJudgeVerdict } from '../../../src-main/llm/judge';
import { DiscoverOptions } from '../../../src-main/shared/discovery-dto';
import { ErrorCode } from '../../../src-main/shared/errors';
import { openProject } from '../../../src-main/store/project';
import { makeStudio, type TestStudio } from '../../support/studio';
import { fakeDecoder } from '../jobs/discover/fake-decoder';
import { reply, startFakeLlm, type FakeLlm } from '../llm/fake-llm-server';

let t: TestStudio;
let llm: FakeLlm | undefined;
afterEach(async () => {
  await t?.dispose();
  await llm?.close();
  llm = undefined;
});

/** A demo project with 12 discovered failures (the fake decoder's responses give no concrete step). */
async function discovered(): Promise<number> {
  t = makeStudio();
  const file = join(t.dir, 'j.prefstudio');
  await t.call('project.open', { path: file, create: true });
  expect((await t.finished((await t.call('demo.start', { pairs: 40, seed: 5 })).id)).state).toBe('done');
  const db = openProject(file, { create: false });
  try {
    const rm = db.models.create({ name: 'rm', kind: 'reward' });
    const run = db.discovery.createRun({ config: DiscoverOptions.parse({ split: 'train', prompts: 6, samples: 2 }), rewardModelId: rm.id, policies: { aligned: rm.id, misaligned: rm.id } });
    const jobId = randomUUID();
    db.jobs.create({ id: jobId, kind: 'decode', params: {} });
    const ctx = createJobContext({ db, jobId, params: {}, signal: new AbortController().signal, send: () => undefined });
    await runDiscovery(ctx, run.id, () => Promise.resolve(fakeDecoder({ calls: [], disposed: 0 }, undefined, true)));
    return run.id;
  } finally {
    db.close();
  }
}

/** The tagged text of the judge's user message. */
function tagged(content: string, tag: string): string {
  return content.split(`<${tag}>\n`)[1]?.split(`\n</${tag}>`)[0] ?? '';
}

/** A judge that reasons first and then answers by the demo rule, like a chatty instruct model. */
async function ruleJudge(): Promise<FakeLlm> {
  return startFakeLlm((req, res) => {
    const user = req.body.messages?.find((m) => m.role === 'user')?.content ?? '';
    const verdict = demoVerdict(`\n\nHuman: ${tagged(user, 'prompt')}`, tagged(user, 'reply'));
    reply(res, `The reply should be judged against the request; a good reply is concrete.\n**Verdict:** ${verdict}`);
  });
}

describe('parseJudgeVerdict', () => {
  it('reads labelled and bare verdicts and refuses unclear ones', () => {
    expect(parseJudgeVerdict('VERDICT: good')).toBe('good');
    expect(parseJudgeVerdict('Some reasoning about good and bad replies.\nVerdict: BAD')).toBe('bad');
    expect(parseJudgeVerdict('**Verdict:** "good"')).toBe('good');
    expect(parseJudgeVerdict('verdict: good ... on reflection, verdict: bad')).toBe('bad');
    expect(parseJudgeVerdict('Bad.')).toBe('bad');
    expect(parseJudgeVerdict('It is not good.')).toBeNull();
    expect(parseJudgeVerdict('It could be good or bad.')).toBeNull();
    expect(parseJudgeVerdict('I cannot tell.')).toBeNull();
  });
});

describe('failures.judge', () => {
  it('asks the endpoint per failure, stores its verdicts as suggestions and drops one when the response is edited', async () => {
    const runId = await discovered();
    llm = await ruleJudge();
    await t.call('settings.setLlm', { config: { baseUrl: llm.baseUrl, model: 'judge-model' } });
    const rows = (await t.call('failures.page', { runId })).rows;
    expect(rows.every((r) => r.judgeVerdict === null)).toBe(true);

    // One failure is first edited into the demo's good answer: the judge must tell it apart from the bad ones.
    const target = rows.find((r) => r.role === 'aligned');
    const source = await t.call('pairs.get', { id: target?.sourcePairId ?? 0 });
    await t.call('failures.review', { pairIds: [target?.pairId ?? 0], action: 'edit', edit: { response: source.chosen } });
    const statusBefore = new Map((await t.call('failures.page', { runId })).rows.map((r) => [r.pairId, r.reviewStatus]));

    const ids = rows.slice(0, 6).map((r) => r.pairId);
    const judged = await t.call('failures.judge', { pairIds: ids });
    expect(judged.endpoint).toContain('judge-model');
    expect(llm.requests).toHaveLength(6);
    expect(llm.requests[0]?.body.temperature).toBe(0);
    const after = (await t.call('failures.page', { runId })).rows;
    for (const id of ids) {
      const row = after.find((r) => r.pairId === id);
      expect(row?.judgeVerdict).toBe(row?.ruleVerdict);
      expect(judged.verdicts.find((v) => v.pairId === id)?.verdict).toBe(row?.ruleVerdict);
      // A suggestion only: no review status moved.
      expect(row?.reviewStatus).toBe(statusBefore.get(id));
    }
    expect(after.find((r) => r.pairId === target?.pairId)?.judgeVerdict).toBe('good');
    expect(after.filter((r) => !ids.includes(r.pairId)).every((r) => r.judgeVerdict === null)).toBe(true);

    // Editing the response again makes the stored verdict stale: it is no longer shown.
    await t.call('failures.review', { pairIds: [target?.pairId ?? 0], action: 'edit', edit: { response: ' Figure it out yourself.' } });
    const edited = (await t.call('failures.page', { runId })).rows.find((r) => r.pairId === target?.pairId);
    expect(edited?.judgeVerdict).toBeNull();
  });

  it('leaves a failure unjudged when the answer names no class, and refuses without an endpoint or for other pairs', async () => {
    const runId = await discovered();
    const rows = (await t.call('failures.page', { runId })).rows;
    await expect(t.call('failures.judge', { pairIds: [rows[0]?.pairId ?? 0] })).rejects.toMatchObject({ code: ErrorCode.InvalidRequest });
    llm = await startFakeLlm((_req, res) => reply(res, 'I would rather not say.'));
    await t.call('settings.setLlm', { config: { baseUrl: llm.baseUrl, model: 'shy' } });
    const judged = await t.call('failures.judge', { pairIds: [rows[0]?.pairId ?? 0] });
    expect(judged.verdicts).toEqual([{ pairId: rows[0]?.pairId, verdict: null, answer: 'I would rather not say.' }]);
    expect((await t.call('failures.page', { runId })).rows[0]?.judgeVerdict).toBeNull();
    await expect(t.call('failures.judge', { pairIds: [rows[0]?.sourcePairId ?? 0] })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
