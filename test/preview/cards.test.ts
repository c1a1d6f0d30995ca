import { describe, expect, it } from 'vitest';
import { formatEmail } from '../../src/destinations/email/format.js';
import { formatPagerDuty } from '../../src/destinations/pagerduty/format.js';
import { formatSlack, formatSlackUnrecognised, type SlackMessage } from '../../src/destinations/slack/format.js';
import { emailHtml } from '../../src/destinations/email/preview.js';
import { pagerDutyHtml } from '../../src/destinations/pagerduty/preview.js';
import { barColour, blockHtml, slackMessageHtml } from '../../src/destinations/slack/preview.js';
import { enrichedAlert, unrecognised } from '../support/fixtures.js';

const HOSTILE = '<img src=x onerror=alert(1)> <script>alert(2)</script> <!channel>';
const hostileAlert = () => enrichedAlert({ alert: { description: `Disk almost full. ${HOSTILE}` } });
/** No tag a test string could have produced, whatever else the card holds. */
const noInjectedTags = (html: string) => expect(html).not.toMatch(/<img|<script|onerror=alert\(1\)>/);

describe('Slack card', () => {
  it('draws header, sections, two-column fields and context from the formatter’s Block Kit', () => {
    const message = formatSlack(enrichedAlert());
    const header = message.blocks?.find((b) => b.type === 'header');
    const html = slackMessageHtml(message, { channel: '#alerts-critical', time: '9:21 AM UTC' });
    expect(html).toContain(`<div class="s-block s-header">${header?.type === 'header' ? header.text.text : 'no header'}</div>`);
    expect(html).toContain('<div class="s-block s-context">');
    const fields = slackMessageHtml(formatSlackUnrecognised(unrecognised(), 'production'), { channel: '#alerts-warning' });
    expect(fields).toContain('<div class="s-fields"><div class="s-field"><b>Stage</b><br>production</div>');
    expect(html).toContain('<span class="slack-name">ohmycoins alerts</span><span class="slack-app">APP</span><span class="slack-time">9:21 AM UTC</span>');
  });

  it('puts the attachment blocks behind a bar in the attachment colour', () => {
    const html = slackMessageHtml(formatSlack(enrichedAlert()), { channel: '#alerts-critical' });
    expect(html).toContain('<div class="s-attachment"><div class="s-bar" style="background:#D1242F"></div>');
  });

  it('shows the message text as the phone notification', () => {
    const message: SlackMessage = { text: 'ALARM &lt;x&gt;', blocks: [{ type: 'divider' }] };
    expect(slackMessageHtml(message, { channel: '#alerts' })).toContain('<span class="slack-push-app">Slack · #alerts</span>ALARM &lt;x&gt;</div>');
  });

  it('draws the text in the message when there are no blocks, as Slack does', () => {
    expect(slackMessageHtml({ text: '*hello*' }, { channel: '#alerts' })).toContain('<div class="s-block s-text"><b>hello</b></div>');
  });

  it('shows alarm text that looks like markup as text', () => {
    const html = slackMessageHtml(formatSlack(hostileAlert()), { channel: '#alerts-critical' });
    noInjectedTags(html);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert(2)&lt;/script&gt; &lt;!channel&gt;');
    expect(html).not.toContain('s-broadcast');
  });

  it('draws buttons with their style and URL', () => {
    const html = blockHtml({
      type: 'actions',
      elements: [{ type: 'button', style: 'danger', text: { type: 'plain_text', text: 'Runbook' }, url: 'https://example.com/r' }],
    });
    expect(html).toBe(
      '<div class="s-block s-actions"><a class="s-btn s-btn-danger" href="https://example.com/r" target="_blank" rel="noopener noreferrer">Runbook</a></div>',
    );
  });

  it('labels a block it does not draw instead of dropping it', () => {
    expect(blockHtml({ type: 'video', title: { type: 'plain_text', text: 'x' } })).toContain('&quot;video&quot; block: not drawn by the preview');
  });

  it('never loads an image: a labelled box stands in', () => {
    const html = blockHtml({ type: 'image', image_url: 'https://example.com/graph.png', alt_text: 'CPU graph' });
    expect(html).not.toContain('<img');
    expect(html).toContain('CPU graph');
  });

  it('accepts only colours it can read, so a colour cannot inject style', () => {
    expect(barColour('#D1242F')).toBe('#D1242F');
    expect(barColour('2eb67d')).toBe('#2eb67d');
    expect(barColour('danger')).toBe('#A30200');
    expect(barColour('red;background:url(https://x)')).toBe('#DDDDDD');
  });
});

describe('PagerDuty card', () => {
  it('draws a trigger as an incident: status, severity, summary, details and links', () => {
    const event = formatPagerDuty(enrichedAlert(), 'trigger');
    if (event.event_action !== 'trigger') throw new Error('expected a trigger');
    const html = pagerDutyHtml(event, 'pagerduty:ohmycoins-production');
    expect(html).toContain('<span class="pd-status pd-triggered">Triggered</span><span class="pd-sev pd-sev-critical">Critical</span>');
    expect(html).toContain(`<h4 class="pd-title">${event.payload.summary}</h4>`);
    expect(html).toContain(`<tr><th>impact</th><td>${String(event.payload.custom_details?.impact)}</td></tr>`);
    expect(html).toContain('>Runbook</a></li>');
    expect(html).toContain('<dt>Alert key</dt><dd><code class="pd-key">arn:aws:cloudwatch:eu-west-1:412345678901:alarm:ohmycoins-production-ecs-cpu-high</code>');
  });

  it('draws a resolve as the incident it resolves', () => {
    const html = pagerDutyHtml(formatPagerDuty(enrichedAlert(), 'resolve'), 'pagerduty:ohmycoins-production');
    expect(html).toContain('<span class="pd-status pd-resolved">Resolved</span>');
    expect(html).toContain('resolves incident <code class="pd-key">arn:aws:cloudwatch:eu-west-1:412345678901:alarm:ohmycoins-production-ecs-cpu-high</code>');
  });

  it('shows alarm text as text (PagerDuty fields are plain text, not Slack-escaped)', () => {
    const html = pagerDutyHtml(formatPagerDuty(hostileAlert(), 'trigger'), 'pagerduty:ohmycoins-production');
    noInjectedTags(html);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert(2)&lt;/script&gt; &lt;!channel&gt;');
  });
});

describe('email card', () => {
  it('frames subject, sender, recipients and a monospace body', () => {
    const m = formatEmail(enrichedAlert());
    const html = emailHtml(m, { topic: 'ohmycoins-production-alerts-email', recipients: ['oncall@ohmycoins.example'], region: 'eu-west-1' });
    expect(html).toContain(`<div class="mail-subject">${m.Subject}</div>`);
    expect(html).toContain('<b>AWS Notifications</b> <span class="mail-addr">&lt;no-reply@sns.amazonaws.com&gt;</span>');
    expect(html).toContain('To: oncall@ohmycoins.example');
    expect(html).toContain('<pre class="mail-body">ALARM [critical] ECS CPU high - production\n');
  });

  it('shows alarm text in the body as text', () => {
    const html = emailHtml(formatEmail(hostileAlert()), { topic: 't', recipients: [], region: 'eu-west-1' });
    noInjectedTags(html);
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
  });
});
