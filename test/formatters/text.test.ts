import { describe, expect, it } from 'vitest';
import {
  alarmDuration,
  escapeSlack,
  fit,
  fitPrefix,
  formatDuration,
  formatNumber,
  neutraliseMrkdwn,
  oneLine,
  safeText,
  shortStatus,
  stateWord,
  stripControl,
  whatIsWrong,
} from '../../src/formatters/text.js';
import {
  anomalyAlert,
  compositeAlert,
  enrichedAlert,
  minimalAlert,
  noDataAlert,
  resolvedAlert,
} from '../support/fixtures.js';

describe('escapeSlack', () => {
  it('turns the three control characters into entities', () => {
    expect(escapeSlack('a & b <!channel> c > d')).toBe('a &amp; b &lt;!channel&gt; c &gt; d');
  });

  it('returns text without control characters unchanged', () => {
    expect(escapeSlack('ohmycoins-production-ecs-cpu-high')).toBe('ohmycoins-production-ecs-cpu-high');
  });
});

describe('neutraliseMrkdwn', () => {
  it('replaces bold, strike and code markers with look-alikes', () => {
    expect(neutraliseMrkdwn('*bold* ~gone~ `code`')).toBe('∗bold∗ ∼gone∼ ˋcodeˋ');
  });

  it('neutralises an underscore that could open or close italics', () => {
    expect(neutraliseMrkdwn('_italic_')).toBe('ˍitalicˍ');
  });

  it('keeps underscores inside names, which Slack never formats', () => {
    expect(neutraliseMrkdwn('ohmycoins_prod_cpu')).toBe('ohmycoins_prod_cpu');
  });

  it('escapes as well', () => {
    expect(neutraliseMrkdwn('<@U1>')).toBe('&lt;@U1&gt;');
  });
});

describe('fit', () => {
  it('returns text that fits unchanged', () => {
    expect(fit('short', 10)).toBe('short');
  });

  it('cuts long text to the limit, ending in an ellipsis', () => {
    const out = fit('abcdefghij', 5);
    expect(out).toBe('abcd…');
    expect(out.length).toBe(5);
  });

  it('never splits a surrogate pair', () => {
    const out = fit('ab🔥🔥🔥', 4); // "ab" + 🔥 (2 units) would need 5 with the ellipsis
    expect(out).toBe('ab…');
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('never splits an entity produced by escaping', () => {
    const out = fit('<<<<<<<<<<', 12, escapeSlack);
    expect(out).toBe('&lt;&lt;…');
    expect(out.length).toBeLessThanOrEqual(12);
  });

  it('replaces a lone surrogate the sender left in its own text', () => {
    expect(fit('cut\ud83d here', 20)).toBe('cut\ufffd here');
    expect(fit('cut\ud83d here', 5)).toBe('cut\ufffd…');
  });

  it('keeps the longest prefix that fits even when escaping is bunched at the end', () => {
    const out = fitPrefix(`${'a'.repeat(100)}${'<'.repeat(100)}`, 120, escapeSlack);
    expect(out).toEqual({ text: `${'a'.repeat(100)}${'&lt;'.repeat(4)}…`, shown: 104 });
  });

  it('counts how many input characters were kept', () => {
    expect(fitPrefix('x'.repeat(100), 11)).toEqual({ text: `${'x'.repeat(10)}…`, shown: 10 });
  });
});

describe('oneLine', () => {
  it('turns line breaks and control characters into single spaces', () => {
    expect(oneLine('a\r\nb\u0007c\u2028d   e')).toBe('a b c d e');
  });
});

describe('safeText', () => {
  it('turns C0 and C1 controls (NUL, BEL, ESC, tab, CR, NEL, DEL) into spaces and keeps the newline', () => {
    expect(safeText('a\u0000b\u0007c\u001bd\te\rf\ng\u0085h\u007fi')).toBe('a b c d e f\ng h i');
  });

  it('shows every bidi control and zero-width character as U+FFFD', () => {
    const invisible = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u200c\u200d\u2060\ufeff';
    expect(safeText(`x${invisible}y`)).toBe(`x${'\ufffd'.repeat(17)}y`);
  });

  it('keeps an alarm name from reading as another', () => {
    expect(safeText('ohmycoins-production-\u202eusc-ecs')).toBe('ohmycoins-production-\ufffdusc-ecs');
  });

  it('leaves ordinary text alone: accents, emoji, symbols, line breaks', () => {
    expect(safeText('Fréquence ≥ 80 % 🔥\nnext line')).toBe('Fréquence ≥ 80 % 🔥\nnext line');
  });

  it('is what stripControl does', () => {
    expect(stripControl('a\u0007\u202eb\nc')).toBe('a \ufffdb\nc');
  });
});

describe('text from an alarm in each shared mechanic', () => {
  it('oneLine shows invisible characters as U+FFFD too', () => {
    expect(oneLine('ohmy\u200bcoins\n\u2066prod\u2069')).toBe('ohmy\ufffdcoins \ufffdprod\ufffd');
  });

  it('escapeSlack removes controls and shows invisible characters', () => {
    expect(escapeSlack('a\u0000<b>\u001b[1m\u202e')).toBe('a &lt;b&gt; [1m\ufffd');
  });

  it('neutraliseMrkdwn does so even when there is no marker to neutralise', () => {
    expect(neutraliseMrkdwn('x\u0007y\u200dz')).toBe('x y\ufffdz');
  });

  it('stateWord shows a state it does not know on one line, without controls', () => {
    expect(stateWord('WEIRD\r\n\u0007STATE')).toBe('WEIRD STATE');
  });
});

describe('formatNumber', () => {
  it.each([
    [80, '80'],
    [93.4, '93.4'],
    [93.456, '93.5'],
    [12345.6, '12,346'],
    [-1500, '-1,500'],
    [0.004231, '0.00423'],
    [0, '0'],
    [Number.NaN, 'NaN'],
  ])('formats %s as %s', (n, text) => {
    expect(formatNumber(n)).toBe(text);
  });
});

describe('whatIsWrong', () => {
  it('states the value and its distance from the threshold for a metric alarm', () => {
    expect(whatIsWrong(enrichedAlert())).toBe(
      'CPUUtilization of ohmycoins-production-backend is 93.4 %, 13.4 points above the threshold.',
    );
  });

  it('reads as resolved, with the time spent in ALARM, for OK', () => {
    expect(whatIsWrong(resolvedAlert())).toBe('Resolved: ECS CPU high was in ALARM for 17 min, now 52.1 %.');
  });

  it('does not call an OK after missing data a resolution', () => {
    const e = resolvedAlert({ alert: { previousState: 'INSUFFICIENT_DATA' } });
    expect(whatIsWrong(e)).toBe('ECS CPU high has data again and is within its threshold, now 52.1 %.');
  });

  it('names the children in ALARM for a composite', () => {
    expect(whatIsWrong(compositeAlert())).toBe(
      'Backend degraded: 2 of its alarms are in ALARM (ohmycoins-production-ecs-cpu-high, ohmycoins-production-alb-target-latency-high).',
    );
  });

  it('says the value left the expected band for an anomaly alarm', () => {
    expect(whatIsWrong(anomalyAlert())).toBe(
      'RequestCount of app/ohmycoins-production-alb/9a7b3c1d5e2f4a68 is 18,342 requests, outside the expected band.',
    );
  });

  it('falls back to the trigger threshold when enrichment found no value', () => {
    expect(whatIsWrong(minimalAlert())).toBe('CPUUtilization of ohmycoins-production-db crossed its threshold: CPUUtilization ≥ 90.');
  });

  it('explains missing data', () => {
    expect(whatIsWrong(noDataAlert())).toMatch(/^ECS CPU high cannot be evaluated: CloudWatch has too little data/);
  });
});

describe('shortStatus', () => {
  it('is the current value for ALARM', () => {
    expect(shortStatus(enrichedAlert())).toBe('93.4 % (13.4 points above the threshold)');
  });

  it('is the duration for a resolution', () => {
    expect(shortStatus(resolvedAlert())).toBe('was in ALARM for 17 min, now 52.1 %');
  });
});

describe('formatDuration', () => {
  it.each([
    [45_000, '45 s'],
    [17 * 60_000, '17 min'],
    [125 * 60_000, '2 h 5 min'],
    [3 * 3_600_000, '3 h'],
    [(3 * 24 + 4) * 3_600_000, '3 d 4 h'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('alarmDuration', () => {
  it('takes the duration from the enrichment history', () => {
    expect(alarmDuration(resolvedAlert())).toBe('17 min');
  });

  it('computes it from the two state-change times when history is missing', () => {
    const e = resolvedAlert({
      history: undefined,
      alert: { previousStateChangeTime: '2025-05-14T09:21:37.412+0000', stateChangeTime: '2025-05-14T09:38:41.027+0000' },
    });
    expect(alarmDuration(e)).toBe('17 min');
    expect(whatIsWrong(e)).toBe('Resolved: ECS CPU high was in ALARM for 17 min, now 52.1 %.');
  });

  it('is unknown when neither is available', () => {
    expect(alarmDuration(resolvedAlert({ history: undefined }))).toBeUndefined();
    expect(whatIsWrong(resolvedAlert({ history: undefined }))).toBe('Resolved: ECS CPU high is back to OK, now 52.1 %.');
  });
});
