import { describe, expect, it } from 'vitest';
import { slackRecorder } from '../../src/preview/slack-recorder.js';

const form = (fields: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(fields).toString() });

describe('the in-process Slack the gallery sends to', () => {
  it('answers chat.postMessage with a ts from its clock, and keeps the message and its thread', async () => {
    const slack = slackRecorder();
    slack.at(Date.parse('2026-11-30T09:25:00Z'));
    const parent = (await (await slack.http('https://slack.com/api/chat.postMessage', form({ channel: 'C0PREVIEW1', text: 'ALARM' }))).json()) as { ok: boolean; ts: string };
    // 2026-01-01 is 1,767,225,600 s after the epoch; 333 days and 9 h 25 min later is 1,796,030,700. Sequence 1.
    expect(parent).toMatchObject({ ok: true, ts: '1796030700.000001' });
    await slack.http('https://slack.com/api/chat.postMessage', form({ channel: 'C0PREVIEW1', text: 'detail', thread_ts: parent.ts }));
    expect(slack.messages.map((m) => [m.message.text, m.threadTs])).toEqual([
      ['ALARM', undefined],
      ['detail', '1796030700.000001'],
    ]);
  });

  it('rewrites a message on chat.update, and says message_not_found for one it does not have', async () => {
    const slack = slackRecorder();
    const { ts } = (await (await slack.http('https://slack.com/api/chat.postMessage', form({ channel: 'C0PREVIEW1', text: 'ALARM' }))).json()) as { ts: string };
    expect(await (await slack.http('https://slack.com/api/chat.update', form({ channel: 'C0PREVIEW1', ts, text: 'Resolved' }))).json()).toMatchObject({ ok: true, ts });
    expect(slack.messages[0]).toMatchObject({ message: { text: 'Resolved' }, edited: true });
    expect(await (await slack.http('https://slack.com/api/chat.update', form({ channel: 'C0PREVIEW1', ts: '1.000009', text: 'x' }))).json()).toEqual({ ok: false, error: 'message_not_found' });
  });

  it('takes a file the two-step way: an upload URL, the bytes, then completeUploadExternal', async () => {
    const slack = slackRecorder();
    const step = (await (await slack.http('https://slack.com/api/files.getUploadURLExternal', form({ filename: 'graph.png', length: '4' }))).json()) as { upload_url: string; file_id: string };
    expect(step.upload_url.startsWith('https://files.slack.com/upload/v1/')).toBe(true);
    expect((await slack.http(step.upload_url, { method: 'POST', body: 'abcd' })).status).toBe(200);
    const done = await (await slack.http('https://slack.com/api/files.completeUploadExternal', form({ files: JSON.stringify([{ id: step.file_id }]) }))).json();
    expect(done).toEqual({ ok: true, files: [{ id: step.file_id }] });
    expect(slack.calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
  });
});
