/**
 * HTTP for the Slack and PagerDuty notifiers, over `node:http`/`node:https` rather than the global `fetch`.
 *
 * Why not `fetch`: in Node 20 and 22 it is undici, loaded and compiled (with its WebAssembly HTTP parser) on the
 * first call. On this project's measurements that first call costs about 100 ms of CPU and 15 to 45 MB of resident
 * memory, which is most of a 128 MB function's cold start and memory (docs/performance.md). `node:https` is
 * part of Node's start-up snapshot path and costs a few milliseconds.
 *
 * The answer has the shape of a fetch `Response` as far as the notifiers and `@slack/webhook` read it
 * (`ok`, `status`, `statusText`, `headers.get`, `text()`; `@slack/webhook` takes it as its `fetch` option), and
 * requests behave as they did with `fetch(…, { redirect: 'error', signal })`: a redirect is refused, an abort
 * rejects with the signal's reason.
 */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpRequestInit {
  method?: string;
  headers?: Record<string, string>;
  /** Text (JSON, a form) or bytes (an image uploaded to Slack); anything else is refused. */
  body?: string | Uint8Array | object;
  /** Accepted for `fetch` compatibility; redirects are always refused: alert text goes only where it was configured to go. */
  redirect?: 'error' | 'follow' | 'manual';
  signal?: AbortSignal;
}

export interface HttpResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: { get(name: string): string | null; entries(): Iterable<[string, string]> };
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** More than any Slack or PagerDuty answer; a larger body is cut here rather than held in a 128 MB function. */
const MAX_BODY_BYTES = 64 * 1024;

function headersOf(raw: IncomingHttpHeaders): HttpResponse['headers'] {
  const flat = new Map(Object.entries(raw).map(([k, v]): [string, string] => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
  return { get: (name) => flat.get(name.toLowerCase()) ?? null, entries: () => flat.entries() };
}

function answer(url: string, res: IncomingMessage, body: Buffer): HttpResponse {
  const status = res.statusCode ?? 0;
  const text = body.toString('utf8');
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: res.statusMessage ?? '',
    url,
    headers: headersOf(res.headers),
    text: async () => text,
    json: async () => JSON.parse(text) as unknown,
    arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
  };
}

const abortReason = (signal: AbortSignal): unknown => signal.reason ?? new Error('This operation was aborted');

/**
 * What the notifiers send with; each takes one, so a simulation (bench/storm) can hand them in-process stand-ins
 * on a simulated clock instead.
 */
export type HttpSend = (input: string | URL, init?: HttpRequestInit) => Promise<HttpResponse>;

/** Sends one request and reads the whole answer. Rejects on a network error, a redirect or an abort. */
export const httpFetch: HttpSend = (input: string | URL, init: HttpRequestInit = {}): Promise<HttpResponse> => {
  const url = new URL(String(input));
  const { signal } = init;
  return new Promise<HttpResponse>((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const raw = init.body;
    if (raw !== undefined && typeof raw !== 'string' && !(raw instanceof Uint8Array)) return reject(new TypeError('only text or byte bodies can be sent'));
    const body = raw === undefined ? undefined : typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const send = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : undefined;
    if (!send) return reject(new TypeError(`unsupported protocol ${url.protocol}`));
    const req = send(url, {
      method: init.method ?? 'GET',
      headers: { ...init.headers, ...(body ? { 'content-length': String(body.byteLength) } : {}) },
    });
    const onAbort = () => {
      req.destroy();
      reject(abortReason(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);
    req.on('error', (error) => {
      settle();
      reject(error);
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        // What `fetch(…, { redirect: 'error' })` does: a webhook or endpoint that redirects is not followed.
        res.resume();
        settle();
        req.destroy();
        return reject(new TypeError(`redirect refused (HTTP ${status})`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
        size += chunk.byteLength;
      });
      res.on('end', () => {
        settle();
        resolve(answer(url.href, res, Buffer.concat(chunks)));
      });
      res.on('error', (error) => {
        settle();
        reject(error);
      });
    });
    req.end(body);
  });
};
