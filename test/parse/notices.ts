import { expect } from 'vitest';
import type { Alert, Notice, Unrecognised } from '../../src/model/alert.js';
import { parseEvent } from '../../src/parse/index.js';

/** The one notice an event with one record yields. */
export function noticeOf(event: unknown): Notice {
  const parsed = parseEvent(event);
  expect(parsed).toHaveLength(1);
  return parsed[0]!.notice;
}

export function alertOf(event: unknown): Alert {
  const notice = noticeOf(event);
  if (notice.kind === 'unrecognised') throw new Error(`expected an alert, got Unrecognised: ${notice.problem}`);
  return notice;
}

export function unrecognisedOf(event: unknown): Unrecognised {
  const notice = noticeOf(event);
  if (notice.kind !== 'unrecognised') throw new Error(`expected Unrecognised, got a ${notice.kind} alert`);
  return notice;
}
