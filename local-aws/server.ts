// The HTTP server: every request is routed by the service in its SigV4 credential scope, checked
// (signature, key, access, rate, injected faults) and answered by one service module.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { accessDenied, AwsError, commonError, type HttpAnswer, type Protocol, renderError } from './errors';
import { checkFault, checkRateLimit, FaultBook, faultError, type FaultSpec, type RateLimit, RateLimiter } from './faults';
import type { Operation, ServiceId, ServiceRouter } from './operation';
import { route53Router } from './route53';
import { buildState, dumpState, type LocalAwsSeed, type LocalAwsState, readSeedFile, type SeedCredential } from './seed';
import { sesRouter } from './sesReceipt';
import { sesv2Router } from './sesv2';
import { parseAuthorization, parseQuery, type ReceivedRequest, signatureMatches } from './sigv4';

export interface LocalAwsOptions {
  /** The seed itself, or the path of a seed JSON file (re-read on reset). */
  seed: LocalAwsSeed | string;
  /** Default 0: a free port. The server listens on 127.0.0.1 only. */
  port?: number;
  /** Request-rate limits per service from the start, e.g. { route53: { perSecond: 5 } }. */
  rateLimits?: Partial<Record<ServiceId, RateLimit>>;
  /** How long a Route 53 change stays PENDING before GetChange reports INSYNC; default 500 ms. */
  insyncDelayMs?: number;
  /** Called after every answered AWS request (not control requests). */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry {
  /** Epoch milliseconds when the request arrived. */
  time: number;
  service: ServiceId | 'unknown';
  operation: string;
  status: number;
  /** The AWS error code when the answer is an error. */
  errorCode?: string;
  accessKeyId?: string;
  region?: string;
}

export interface LocalAws {
  /** http://127.0.0.1:<port> — the `endpoint` for the SDK clients. */
  url: string;
  port: number;
  /** The live state (replaced by reset()). */
  readonly state: LocalAwsState;
  /** Every AWS request answered so far, oldest first. */
  readonly requests: readonly RequestLogEntry[];
  clearRequests(): void;
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  setRateLimit(service: ServiceId, limit: RateLimit | undefined): void;
  setInsyncDelay(ms: number): void;
  /** Reloads the seed and forgets faults and the request log (rate limits and delays stay). */
  reset(): void;
  close(): Promise<void>;
}

const ROUTERS: Record<ServiceId, ServiceRouter> = { ses: sesRouter, sesv2: sesv2Router, route53: route53Router };
const MAX_BODY = 16 * 1024 * 1024;

export async function startLocalAws(options: LocalAwsOptions): Promise<LocalAws> {
  const loadSeed = (): LocalAwsSeed => (typeof options.seed === 'string' ? readSeedFile(options.seed) : options.seed);
  let state = buildState(loadSeed());
  let insyncDelayMs = options.insyncDelayMs ?? 500;
  const requests: RequestLogEntry[] = [];
  const faults = new FaultBook();
  const limiter = new RateLimiter();
  for (const [service, limit] of Object.entries(options.rateLimits ?? {})) limiter.set(service as ServiceId, limit, Date.now());
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });

  const reset = (): void => {
    state = buildState(loadSeed());
    faults.clear();
    requests.length = 0;
  };

  async function answerAws(request: ReceivedRequest, log: RequestLogEntry): Promise<HttpAnswer> {
    const requestId = randomUUID();
    const auth = parseAuthorization(request.headers.authorization);
    const service = serviceOf(auth?.service, request.path);
    if (service === undefined) {
      return renderError('rest-json', new AwsError('UnknownService', `This endpoint serves ses and route53; the credential scope names "${auth?.service}".`, 400), requestId);
    }
    const router = ROUTERS[service];
    const fail = (error: AwsError): HttpAnswer => {
      log.errorCode = error.code;
      return renderError(router.protocol, error, requestId);
    };
    log.service = service;
    let operation: Operation | undefined;
    try {
      operation = router.route(request);
    } catch {
      operation = undefined;
    }
    log.operation = operation?.name ?? 'Unknown';
    if (!auth) return fail(commonError(router.protocol, 'missing-auth'));
    log.accessKeyId = auth.accessKeyId;
    log.region = auth.region;
    const credential = state.credentials.get(auth.accessKeyId);
    if (!credential) return fail(commonError(router.protocol, 'unknown-key'));
    if (credential.expired) return fail(commonError(router.protocol, 'expired-token'));
    if (!(await signatureMatches(request, auth, credential.secretAccessKey))) return fail(commonError(router.protocol, 'bad-signature'));
    if (!operation) return fail(unknownOperation(router.protocol, request));
    const action = `${router.iamPrefix}:${operation.name}`;
    if (isDenied(credential, action)) return fail(accessDenied(router.protocol, credential.principal ?? credential.accessKeyId, action));
    if (!limiter.allow(service, Date.now())) return fail(commonError(router.protocol, 'throttled'));
    const fault = faults.take(service, operation.name);
    if (fault) {
      const delay = fault.delayMs ?? (fault.error === 'slow' ? 3000 : 0);
      if (delay > 0) await sleep(delay);
      if (fault.error !== 'slow') return fail(faultError(router.protocol, fault));
    }
    try {
      return operation.run({ state, region: auth.region, requestId, now: new Date(), insyncDelayMs });
    } catch (error) {
      if (error instanceof AwsError) return fail(error);
      process.emitWarning(`local-aws: ${operation.name} failed: ${(error as Error).stack ?? String(error)}`);
      return fail(commonError(router.protocol, 'internal'));
    }
  }

  function answerControl(method: string, path: string, body: Buffer): HttpAnswer {
    const json = (status: number, value: unknown): HttpAnswer => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value, null, 2) });
    try {
      const input: unknown = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
      const route = `${method} ${path.replace(/\/+$/, '')}`;
      switch (route) {
        case 'GET /__control/state':
          return json(200, { ...(dumpState(state) as object), faults: faults.list(), rateLimits: limiter.limits(), insyncDelayMs });
        case 'POST /__control/reset':
          reset();
          return json(200, { reset: true });
        case 'GET /__control/faults':
          return json(200, faults.list());
        case 'POST /__control/faults':
          faults.add(checkFault(input));
          return json(200, faults.list());
        case 'DELETE /__control/faults':
          faults.clear();
          return json(200, []);
        case 'GET /__control/rate-limit':
          return json(200, limiter.limits());
        case 'POST /__control/rate-limit': {
          const { service, limit } = checkRateLimit(input);
          limiter.set(service, limit, Date.now());
          return json(200, limiter.limits());
        }
        case 'GET /__control/requests':
          return json(200, requests);
        case 'DELETE /__control/requests':
          requests.length = 0;
          return json(200, []);
        case 'POST /__control/settings': {
          const ms = (input as { insyncDelayMs?: unknown } | undefined)?.insyncDelayMs;
          if (typeof ms !== 'number' || ms < 0) throw new Error('"insyncDelayMs" is a number of milliseconds.');
          insyncDelayMs = ms;
          return json(200, { insyncDelayMs });
        }
        default:
          return json(404, { error: `No control route ${route}. Routes: GET state, POST reset, GET/POST/DELETE faults, GET/POST rate-limit, GET/DELETE requests, POST settings.` });
      }
    } catch (error) {
      return json(400, { error: (error as Error).message });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const time = Date.now();
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const body = await readBody(req);
    if (body === undefined) return send(res, { status: 413, headers: { 'content-type': 'text/plain' }, body: 'Request body too large' });
    if (path.startsWith('/__control/')) {
      if (!isLoopback(req.socket.remoteAddress)) return send(res, { status: 403, headers: { 'content-type': 'text/plain' }, body: 'Control routes answer loopback clients only' });
      return send(res, answerControl(req.method ?? 'GET', path, body));
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
    const request: ReceivedRequest = { method: req.method ?? 'GET', path, query: parseQuery(queryAt < 0 ? '' : url.slice(queryAt + 1)), headers, body };
    const log: RequestLogEntry = { time, service: 'unknown', operation: 'Unknown', status: 0 };
    const answer = await answerAws(request, log);
    log.status = answer.status;
    requests.push(log);
    options.onRequest?.(log);
    send(res, answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      process.emitWarning(`local-aws: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) send(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: 'local-aws failed' });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get state() {
      return state;
    },
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    addFault: (fault) => faults.add(checkFault(fault)),
    clearFaults: () => faults.clear(),
    setRateLimit: (service, limit) => limiter.set(service, limit, Date.now()),
    setInsyncDelay: (ms) => {
      insyncDelayMs = ms;
    },
    reset,
    close: () => new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    }),
  };
}

/** SES v1 and SESv2 share the signing name "ses"; their paths tell them apart. */
function serviceOf(scopeService: string | undefined, path: string): ServiceId | undefined {
  if (scopeService === undefined) return path.startsWith('/2013-04-01/') ? 'route53' : path.startsWith('/v2/email') ? 'sesv2' : 'ses';
  if (scopeService === 'route53') return 'route53';
  if (scopeService === 'ses' || scopeService === 'email') return path.startsWith('/v2/') ? 'sesv2' : 'ses';
  return undefined;
}

function unknownOperation(protocol: Protocol, request: ReceivedRequest): AwsError {
  return new AwsError(protocol === 'rest-json' ? 'UnknownOperationException' : 'InvalidAction', `The local endpoint does not serve ${request.method} ${request.path}.`, 404);
}

function isDenied(credential: SeedCredential, action: string): boolean {
  if (credential.denied === true) return true;
  if (!Array.isArray(credential.denied)) return false;
  return credential.denied.some((pattern) => pattern === action || (pattern.endsWith(':*') && action.startsWith(pattern.slice(0, -1))));
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: HttpAnswer): void {
  const body = Buffer.from(answer.body, 'utf8');
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
  res.end(body);
}
