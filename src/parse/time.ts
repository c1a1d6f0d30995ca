import { timestamp } from './normalise.js';
import { quote } from './read.js';

/**
 * The alert's state change time as ISO-8601: the first readable candidate, else the SNS delivery time, else now.
 * An alert with an unreadable time is still an alert; the substitute is said in `notes`.
 */
export function stateChangeTime(candidates: readonly unknown[], receivedAt: string | undefined, notes: string[]): string {
  for (const candidate of candidates) {
    const iso = timestamp(candidate);
    if (iso !== undefined) return iso;
  }
  const sent = quote(candidates[0]);
  const delivered = timestamp(receivedAt);
  if (delivered !== undefined) {
    notes.push(`state change time ${sent} unreadable: using the SNS delivery time`);
    return delivered;
  }
  notes.push(`state change time ${sent} unreadable: using the time the alert was parsed`);
  return new Date().toISOString();
}
