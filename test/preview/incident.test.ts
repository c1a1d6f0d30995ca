import { describe, expect, it } from 'vitest';
import { buildPreview } from '../../src/preview/index.js';
import { catalogSamples } from '../../src/preview/samples.js';

/**
 * Slack app mode in the gallery: each sample sent through the app-mode notifier to the in-process Slack, an OK
 * after the ALARM that opened its incident. What the page draws is what that Slack holds afterwards.
 */

const ecsCpu = catalogSamples().filter((s) => s.id.startsWith('catalog-ecs-cpu-high--'));

describe('the gallery in Slack app mode', () => {
  it('draws an ALARM as a new incident: the message, the detail and the graph in its thread', async () => {
    const preview = await buildPreview({ samples: ecsCpu.filter((s) => s.id.endsWith('--alarm')), stages: ['production'] });
    expect(preview.sections[0]!.destinations).toEqual(['slack', 'slack-app', 'email']);
    expect(preview.html).toContain('new incident: ALARM');
    const card = preview.html.slice(preview.html.indexOf('<article class="dest dest-slack-app"'));
    // Desktop and phone draw the same incident: one parent, a thread of 2 (detail, graph) each.
    expect(card.match(/class="slack-msg slack-parent"/g)).toHaveLength(2);
    expect(card.match(/class="slack-replies">2 replies</g)).toHaveLength(2);
    expect(card.match(/<img class="s-file-img" src="data:image\/png;base64,iVBORw0KGgo/g)).toHaveLength(2);
    expect(card).toContain('Sample graph: drawn by the preview');
    expect(card).toContain('&quot;method&quot;: &quot;chat.postMessage&quot;');
    expect(card).not.toContain('chat.update');
  });

  it('draws an OK as its resolved incident: the message rewritten, the ALARM’s thread, then the OK in it', async () => {
    const preview = await buildPreview({ samples: ecsCpu.filter((s) => s.id.endsWith('--ok')), stages: ['production'] });
    const card = preview.html.slice(preview.html.indexOf('<article class="dest dest-slack-app"'));
    expect(card).toContain('resolved incident: ALARM, then OK; drawn after the OK');
    const desktop = card.slice(card.indexOf('view-desktop'), card.indexOf('view-phone'));
    const parent = desktop.slice(desktop.indexOf('slack-parent'), desktop.indexOf('slack-replies'));
    expect(parent).toContain('Resolved');
    expect(parent).toContain('<span class="slack-edited">(edited)</span>');
    expect(desktop).toContain('3 replies');
    // The ALARM's detail (9:25, 17 minutes before), its graph, then the OK (9:42).
    const thread = [...desktop.matchAll(/class="slack-msg slack-reply( slack-graph)?">.*?<span class="slack-time">([^<]+)</g)].map((m) => [m[1] ? 'graph' : 'reply', m[2]]);
    expect(thread).toEqual([
      ['reply', '9:25 AM UTC'],
      ['graph', '9:25 AM UTC'],
      ['reply', '9:42 AM UTC'],
    ]);
    // The Web API calls: the ALARM posts the message and its detail and uploads its graph into the thread (the
    // upload URL, the bytes, the completion); the OK rewrites the message and replies.
    const calls = [...card.matchAll(/&quot;method&quot;: &quot;([a-zA-Z.]+)&quot;/g)].map((m) => m[1]);
    expect(calls).toEqual([
      'chat.postMessage', 'chat.postMessage',
      'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal',
      'chat.update', 'chat.postMessage',
    ]);
    expect(card).not.toContain('xoxb-');
  });
});
