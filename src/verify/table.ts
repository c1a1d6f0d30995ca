import type { Row } from './checks.js';

const LABEL: Record<Row['result'], string> = { ok: 'ok', fail: 'FAIL', note: 'note' };

/** The report as aligned columns (alarm id, check, result, detail) and a closing count. */
export function renderTable(rows: readonly Row[]): string {
  const header = { alarm: 'ALARM', check: 'CHECK', result: 'RESULT', detail: 'DETAIL' };
  const cells = [header, ...rows.map((r) => ({ ...r, result: LABEL[r.result] }))];
  const width = (key: 'alarm' | 'check' | 'result') => Math.max(...cells.map((c) => c[key].length));
  const [a, c, r] = [width('alarm'), width('check'), width('result')];
  const lines = cells.map((x) => `${x.alarm.padEnd(a)}  ${x.check.padEnd(c)}  ${x.result.padEnd(r)}  ${x.detail}`.trimEnd());
  const failed = rows.filter((x) => x.result === 'fail').length;
  return [...lines, '', `${rows.length} checks, ${failed} problem${failed === 1 ? '' : 's'}`].join('\n');
}
