/**
 * The notifiers' HTTP transport (src/notify/http.ts) keeps the behaviour they had on `fetch(…, { redirect:
 * 'error', signal })`, without loading undici: the answer as sent, redirects refused, aborts honoured.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpFetch } from '../../src/notify/http.js';

let server: Server | undefined;
const received: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: string }> = [];

async function serve(answer: (req: IncomingMessage, res: import('node:http').ServerResponse) => void): Promise<string> {
  received.length = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('the notifiers’ HTTP transport', () => {
  it('posts the body with its headers and a content length, and returns status, headers and text', async () => {
    const origin = await serve((_req, res) => {
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
      res.end('{"ok":false,"error":"rate_limited","retry_after":1}');
    });
    const response = await httpFetch(`${origin}/services/T1/B1/secret`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text":"é"}' });

    expect(received[0]).toMatchObject({ method: 'POST', url: '/services/T1/B1/secret', body: '{"text":"é"}' });
    expect(received[0]!.headers['content-length']).toBe(String(Buffer.byteLength('{"text":"é"}')));
    expect(received[0]!.headers['content-type']).toBe('application/json');
    expect(response.ok).toBe(false);
    expect(response.status).toBe(429);
    expect(response.headers.get('Retry-After')).toBe('1');
    expect(JSON.parse(await response.text())).toMatchObject({ retry_after: 1 });
  });

  it('posts bytes as they are (an image uploaded to Slack), and refuses a body that is neither text nor bytes', async () => {
    let bytes: Buffer | undefined;
    const origin = await serve((_req, res) => res.end('OK - 5'));
    server!.removeAllListeners('request');
    server!.on('request', (req: IncomingMessage, res: import('node:http').ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => ((bytes = Buffer.concat(chunks)), res.end('OK - 5')));
    });
    // The PNG signature's first bytes: 0x89 is not UTF-8 on its own, so a text round trip would change it.
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d]);
    const response = await httpFetch(`${origin}/upload/v1/F1`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png });
    expect(response.status).toBe(200);
    expect(bytes && [...bytes]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d]);
    await expect(httpFetch(`${origin}/upload/v1/F1`, { method: 'POST', body: { not: 'text' } })).rejects.toThrow('only text or byte bodies can be sent');
  });

  it('refuses to follow a redirect, as fetch with redirect "error" does', async () => {
    const origin = await serve((_req, res) => {
      res.writeHead(302, { location: 'https://example.invalid/elsewhere' });
      res.end();
    });
    await expect(httpFetch(`${origin}/v2/enqueue`, { method: 'POST', body: '{}', redirect: 'error' })).rejects.toThrow(/redirect refused/);
    expect(received).toHaveLength(1);
  });

  it('rejects with the abort reason when the signal fires while the server has not answered', async () => {
    const origin = await serve(() => {
      /* never answers */
    });
    const controller = new AbortController();
    const pending = httpFetch(`${origin}/v2/enqueue`, { method: 'POST', body: '{}', signal: controller.signal });
    await new Promise<void>((resolve) => {
      const wait = () => (received.length > 0 ? resolve() : setImmediate(wait));
      wait();
    });
    controller.abort(new Error('timed out after 5000 ms'));
    await expect(pending).rejects.toThrow('timed out after 5000 ms');
  });

  it('names a refused connection without echoing the URL path (where a webhook keeps its secret)', async () => {
    const origin = await serve(() => {});
    const port = new URL(origin).port;
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const error = await httpFetch(`http://127.0.0.1:${port}/services/T1/B1/topsecret`, { method: 'POST', body: '{}' }).catch((e: unknown) => e as Error);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect((error as Error).message).not.toContain('topsecret');
  });
});
