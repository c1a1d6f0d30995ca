/**
 * SHA-256 in hex. `node:crypto` is loaded on the first call, not at start: only rare paths hash (an alarm ARN
 * over PagerDuty's 255-character dedup_key, a message without a MessageId), and loading it costs every cold
 * start about 8 ms.
 */
let crypto: typeof import('node:crypto') | undefined;

export function sha256Hex(text: string): string {
  crypto ??= process.getBuiltinModule('node:crypto');
  return crypto.createHash('sha256').update(text).digest('hex');
}
