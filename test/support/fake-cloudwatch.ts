/**
 * A fake CloudWatch on 127.0.0.1 for tests that run the real SDK `CloudWatchClient`.
 *
 * The installed @aws-sdk/client-cloudwatch speaks AWS JSON 1.0 (awsQueryCompatible):
 * `POST /` with `X-Amz-Target: GraniteServiceVersion20100801.<Operation>`,
 * `Content-Type: application/x-amz-json-1.0`, and timestamps as epoch seconds in both directions.
 * Errors are a JSON body with `__type` plus, because of query compatibility, an
 * `x-amzn-query-error: <Code>;<Sender|Receiver>` header the SDK reads the error code from.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const TARGET_PREFIX = 'GraniteServiceVersion20100801.';

/** How the fake answers one operation. */
export type Behaviour =
  | { kind: 'ok'; body: unknown }
  /** What CloudWatch answers when the account's API rate is exceeded. */
  | { kind: 'throttle' }
  | { kind: 'error'; status: number; code?: string; message?: string }
  /** Never answers: the request stays open until the client aborts it or the fake closes. */
  | { kind: 'hang' };

export interface RecordedRequest {
  operation: string;
  target: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown>;
  /** Set when the client gave up on the request (aborted) before the fake answered. */
  aborted: boolean;
}

export interface FakeCloudWatch {
  url: string;
  requests: RecordedRequest[];
  /** Behaviour for one operation (`GetMetricData`, `DescribeAlarmHistory`, ...); unknown operations get a 400. */
  setBehaviour(operation: string, behaviour: Behaviour): void;
  close(): Promise<void>;
}

export async function startFakeCloudWatch(): Promise<FakeCloudWatch> {
  const behaviours = new Map<string, Behaviour>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const target = header(req, 'x-amz-target');
    const operation = target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : 'unknown';
    const recorded: RecordedRequest = {
      operation,
      target,
      contentType: header(req, 'content-type'),
      body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
      aborted: false,
    };
    requests.push(recorded);
    res.on('close', () => {
      if (!res.writableFinished) recorded.aborted = true;
    });

    const behaviour = behaviours.get(operation) ?? {
      kind: 'error',
      status: 400,
      code: 'InvalidAction',
      message: `the fake has no behaviour for ${operation}`,
    };
    switch (behaviour.kind) {
      case 'ok':
        return send(res, 200, behaviour.body);
      case 'throttle':
        return sendError(res, 400, 'ThrottlingException', 'Rate exceeded', 'Throttling');
      case 'error':
        return sendError(res, behaviour.status, behaviour.code ?? 'InternalServiceError', behaviour.message ?? 'Internal error');
      case 'hang':
        return;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setBehaviour: (operation, behaviour) => void behaviours.set(operation, behaviour),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'fake-request-id', ...headers });
  res.end(JSON.stringify(body));
}

/** `queryCode` is the legacy (query protocol) error code the SDK reports as the error's name. */
function sendError(res: ServerResponse, status: number, code: string, message: string, queryCode = code): void {
  const fault = status >= 500 ? 'Receiver' : 'Sender';
  send(res, status, { __type: `com.amazonaws.cloudwatch#${code}`, message }, { 'x-amzn-query-error': `${queryCode};${fault}` });
}
