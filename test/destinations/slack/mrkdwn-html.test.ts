import { describe, expect, it } from 'vitest';
import { decodeSlack, mrkdwnHtml, plainTextHtml } from '../../../src/destinations/slack/mrkdwn-html.js';

describe('decodeSlack', () => {
  it('decodes exactly the three entities Slack decodes, in one pass', () => {
    expect(decodeSlack('a &lt;b&gt; &amp; c')).toBe('a <b> & c');
    expect(decodeSlack('&amp;lt;')).toBe('&lt;');
    expect(decodeSlack('&quot;')).toBe('&quot;');
  });
});

describe('mrkdwnHtml: formatting', () => {
  it('draws *bold*, _italic_ and ~strike~', () => {
    expect(mrkdwnHtml('*Metric* is _high_, ~fine~')).toBe('<b>Metric</b> is <i>high</i>, <s>fine</s>');
  });

  it('leaves underscores inside words alone (snake_case names are not italics)', () => {
    expect(mrkdwnHtml('alarm_name and current_value')).toBe('alarm_name and current_value');
  });

  it('does not open emphasis across a line break', () => {
    expect(mrkdwnHtml('*one\ntwo*')).toBe('*one<br>two*');
  });

  it('draws `code` spans and ```code blocks``` without formatting inside them', () => {
    expect(mrkdwnHtml('x `a *b* c` y')).toBe('x <code class="s-code">a *b* c</code> y');
    expect(mrkdwnHtml('```\n{"a": "*b*"}\n```')).toBe('<pre class="s-pre">{&quot;a&quot;: &quot;*b*&quot;}\n</pre>');
  });

  it('turns line breaks into <br>', () => {
    expect(mrkdwnHtml('*Stage*\nproduction')).toBe('<b>Stage</b><br>production');
  });
});

describe('mrkdwnHtml: links, mentions, dates', () => {
  it('draws <url|label> as a link that opens elsewhere, the URL untouched by emphasis', () => {
    expect(mrkdwnHtml('<https://example.com/a_b_c?x=1&amp;y=2|Runbook>')).toBe(
      '<a class="s-link" href="https://example.com/a_b_c?x=1&amp;y=2" target="_blank" rel="noopener noreferrer">Runbook</a>',
    );
  });

  it('draws a bare <url> with the URL as its label', () => {
    expect(mrkdwnHtml('<https://example.com>')).toContain('>https://example.com</a>');
  });

  it('never links a URL scheme other than http, https or mailto', () => {
    expect(mrkdwnHtml('<javascript:alert(1)|click>')).toBe('&lt;javascript:alert(1)|click&gt;');
  });

  it('draws <!channel>, <!here> and <!everyone> as Slack highlights them', () => {
    expect(mrkdwnHtml('<!here> look')).toBe('<span class="s-mention s-broadcast">@here</span> look');
  });

  it('shows a date token by its fallback text', () => {
    expect(mrkdwnHtml('<!date^1715681164^{date_short_pretty} {time}|2024-05-14 10:06 UTC>')).toMatch(/^<time class="s-date"[^>]*>2024-05-14 10:06 UTC<\/time>$/);
  });
});

describe('mrkdwnHtml: alarm text is data', () => {
  it('shows Slack-escaped markup from an alarm as text, not as elements', () => {
    const html = mrkdwnHtml('Description: &lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert(2)&lt;/script&gt; &lt;!channel&gt;');
    expect(html).toBe('Description: &lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert(2)&lt;/script&gt; &lt;!channel&gt;');
  });

  it('escapes quotes and ampersands', () => {
    expect(mrkdwnHtml(`"a" & 'b'`)).toBe('&quot;a&quot; &amp; &#39;b&#39;');
  });

  it('escapes a label, so a link cannot carry markup', () => {
    expect(mrkdwnHtml('<https://example.com|&lt;b&gt;x&lt;/b&gt;>')).toContain('>&lt;b&gt;x&lt;/b&gt;</a>');
  });

  it('cannot be tricked by the placeholder characters it uses internally', () => {
    expect(mrkdwnHtml('`<b>` \uE0000\uE001')).toBe('<code class="s-code">&lt;b&gt;</code> \uFFFD0\uFFFD');
  });

  it('treats a raw < that is not Slack syntax as text', () => {
    expect(mrkdwnHtml('a <b> c')).toBe('a &lt;b&gt; c');
  });
});

describe('plainTextHtml', () => {
  it('decodes Slack entities, escapes, and applies no formatting', () => {
    expect(plainTextHtml('*not bold* &lt;i&gt;\nnext')).toBe('*not bold* &lt;i&gt;<br>next');
  });
});
