/** "9:42 AM UTC": in UTC like the messages' own fallback times; absent for a time that cannot be read. */
export function clock(iso: string | number | undefined): string | undefined {
  const t = typeof iso === 'number' ? iso : iso === undefined ? NaN : Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const d = new Date(t);
  const h = d.getUTCHours();
  return `${h % 12 || 12}:${String(d.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'} UTC`;
}
