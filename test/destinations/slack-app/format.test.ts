import { describe, expect, it } from 'vitest';
import { formatSlackApp } from '../../../src/destinations/slack-app/format.js';
import { enrichedAlert } from '../../support/fixtures.js';

const CHANNEL = { id: 'C0CRITICAL1', name: '#alerts-critical' };

describe('the graph in app mode', () => {
  it('goes with the message when enrichment drew one, for the notifier to upload into the thread', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const drawn = formatSlackApp({ ...enrichedAlert(), graph: { title: 'ECS CPU high', png } }, CHANNEL);
    expect(drawn.graph).toEqual({ title: 'ECS CPU high', png });
    const missing = formatSlackApp({ ...enrichedAlert(), graph: { title: 'ECS CPU high', missing: 'CloudWatch timed out' } }, CHANNEL);
    expect(missing.graph).toEqual({ title: 'ECS CPU high', missing: 'CloudWatch timed out' });
  });

  it('is absent when enrichment drew none', () => {
    expect(formatSlackApp(enrichedAlert(), CHANNEL)).not.toHaveProperty('graph');
  });
});
