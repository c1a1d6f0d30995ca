import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALARMS_DOC_PATH, renderAlarmsDoc } from '../../src/alarms/docs.js';
import { catalogFor } from '../../src/alarms/index.js';
import { production } from '../../src/config/stages/production.js';
import { staging } from '../../src/config/stages/staging.js';

const HEADINGS = ['What it means', 'First five minutes', 'Likely causes', 'How to mitigate', 'When to escalate'];

describe('docs/alarms.md', () => {
  it('is what `npm run docs:alarms` generates from the catalog (run it after changing an alarm)', () => {
    expect(readFileSync(ALARMS_DOC_PATH, 'utf8')).toBe(renderAlarmsDoc(production, staging));
  });

  it('lists every alarm of the catalog with its runbook link', () => {
    const doc = renderAlarmsDoc(production, staging);
    for (const { id } of catalogFor(production)) expect(doc).toContain(`| \`${id}\` |`);
    for (const { id } of catalogFor(production)) expect(doc).toContain(`(runbooks/${id}.md)`);
  });

  it('shows what staging changes', () => {
    expect(renderAlarmsDoc(production, staging)).toContain('| `alb-p99-latency-high` | enabled | yes | no |');
  });
});

describe('runbooks', () => {
  const ids = [...new Set([...catalogFor(production), ...catalogFor(staging)].map((d) => d.id))];

  it.each(ids)('docs/runbooks/%s.md has the five sections on-call needs', (id) => {
    const text = readFileSync(`docs/runbooks/${id}.md`, 'utf8');
    expect(text.split('\n')[0]).toMatch(new RegExp(`^# ${id}: `));
    for (const heading of HEADINGS) {
      const section = text.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
      expect(section.trim().length, `section "${heading}"`).toBeGreaterThan(100);
    }
  });
});
