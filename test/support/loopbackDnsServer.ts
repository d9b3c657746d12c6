/**
 * A tiny authoritative DNS server on loopback, so DNS tests exercise Node's real resolver
 * (c-ares, wire format, UDP and the TCP fallback) without any traffic leaving the machine.
 */
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import * as dnsPacket from 'dns-packet';

export type FixtureRecordType = 'TXT' | 'A' | 'AAAA' | 'MX' | 'CNAME' | 'PTR' | 'TIMEOUT';

export interface FixtureRecord {
  type: FixtureRecordType;
  /** TXT: one record's strings (a plain string is one string); A/AAAA: address; MX/CNAME/PTR: target. */
  value?: string | string[];
  /** MX preference; 10 when omitted. */
  priority?: number;
}

/** Owner name (no trailing dot, case-insensitive) → its records. */
export type FixtureZone = Record<string, FixtureRecord[]>;

export interface LoopbackQuery {
  /** Lower-cased, without trailing dot. */
  name: string;
  type: string;
}

export interface LoopbackDnsServer {
  port: number;
  address: string;
  /** Every query received, over either transport, in arrival order (including unanswered ones). */
  queries: LoopbackQuery[];
  /** The subset of `queries` that arrived over TCP, to prove the truncation fallback happened. */
  tcpQueries: LoopbackQuery[];
  /** Hold every answer for `name` back by `ms` (0 removes the delay). */
  setDelay(name: string, ms: number): void;
  close(): Promise<void>;
}

// RFC 1035 4.2.1. Node's c-ares sends no EDNS OPT record, so this is the limit it expects; an
// OPT record from another client is ignored rather than honoured, to keep TCP fallback testable.
const MAX_UDP_PAYLOAD = 512;
const MAX_CNAME_CHAIN = 8;
const RCODE_NOERROR = 0;
const RCODE_FORMERR = 1;
const RCODE_NXDOMAIN = 3;

/**
 * The owner name of an address's PTR record (RFC 1035 section 3.5, RFC 3596 section 2.5), for
 * fixtures: `{ [reverseName('192.0.2.7')]: [{ type: 'PTR', value: 'mta.example.net' }] }`.
 */
export function reverseName(ip: string): string {
  if (!ip.includes(':')) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  const [head, tail = ''] = ip.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const missing = 8 - groups(head).length - groups(tail).length;
  const full = [...groups(head), ...Array(ip.includes('::') ? missing : 0).fill('0'), ...groups(tail)].map((g) => g.padStart(4, '0')).join('');
  return `${[...full].reverse().join('.')}.ip6.arpa`;
}

function normalizeName(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

function txtStrings(value: string | string[] | undefined): Buffer[] {
  const strings = value === undefined ? [''] : Array.isArray(value) ? value : [value];
  const chunks: Buffer[] = [];
  // A character-string is at most 255 bytes and dns-packet would silently corrupt a longer one;
  // split like DNS hosting consoles do, so a fixture can hold a long record as one string.
  for (const text of strings) {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length === 0) chunks.push(bytes);
    for (let offset = 0; offset < bytes.length; offset += 255) chunks.push(bytes.subarray(offset, offset + 255));
  }
  return chunks;
}

function singleValue(record: FixtureRecord, owner: string): string {
  if (typeof record.value !== 'string') throw new Error(`Fixture ${record.type} record for ${owner} needs a string value`);
  return record.value;
}

function toAnswer(owner: string, record: FixtureRecord): dnsPacket.Answer {
  // TTL 0 so that no cache below the one under test (c-ares has an optional query cache) can
  // answer in the server's place and make a cache assertion pass for the wrong reason.
  const base = { name: owner, class: 'IN' as const, ttl: 0 };
  switch (record.type) {
    case 'TXT':
      return { ...base, type: 'TXT', data: txtStrings(record.value) };
    case 'A':
    case 'AAAA':
    case 'CNAME':
    case 'PTR':
      return { ...base, type: record.type, data: singleValue(record, owner) };
    case 'MX':
      return { ...base, type: 'MX', data: { preference: record.priority ?? 10, exchange: singleValue(record, owner) } };
    case 'TIMEOUT':
      throw new Error('TIMEOUT is not a record');
  }
}

type Resolution = { kind: 'drop' } | { kind: 'answer'; rcode: number; answers: dnsPacket.Answer[] };

function resolve(zone: Map<string, FixtureRecord[]>, qname: string, qtype: string): Resolution {
  let owner = qname;
  const answers: dnsPacket.Answer[] = [];
  const seen = new Set<string>();
  for (let depth = 0; depth <= MAX_CNAME_CHAIN; depth++) {
    const records = zone.get(owner);
    if (records === undefined) {
      // Only the queried name itself can be NXDOMAIN here: a dangling CNAME is left for the
      // client to chase, as an authoritative server without that zone would.
      return depth === 0 ? { kind: 'answer', rcode: RCODE_NXDOMAIN, answers } : { kind: 'answer', rcode: RCODE_NOERROR, answers };
    }
    if (records.some((r) => r.type === 'TIMEOUT')) {
      if (depth === 0) return { kind: 'drop' };
      break;
    }
    const matching = records.filter((r) => r.type === qtype);
    if (matching.length > 0) {
      answers.push(...matching.map((r) => toAnswer(owner, r)));
      break;
    }
    const cname = records.find((r) => r.type === 'CNAME');
    if (cname === undefined || qtype === 'CNAME') break;
    answers.push(toAnswer(owner, cname));
    seen.add(owner);
    owner = normalizeName(singleValue(cname, owner));
    if (seen.has(owner)) break;
  }
  return { kind: 'answer', rcode: RCODE_NOERROR, answers };
}

export async function startLoopbackDnsServer(
  fixture: FixtureZone,
  options: { host?: '127.0.0.1' | '::1' } = {},
): Promise<LoopbackDnsServer> {
  const host = options.host ?? '127.0.0.1';
  const zone = new Map<string, FixtureRecord[]>();
  for (const [name, records] of Object.entries(fixture)) {
    const key = normalizeName(name);
    zone.set(key, [...(zone.get(key) ?? []), ...records]);
  }
  // Encode every record once up front so a malformed fixture fails the test at start-up,
  // not as a silent non-answer that looks like a timeout.
  for (const [owner, records] of zone) for (const r of records) if (r.type !== 'TIMEOUT') toAnswer(owner, r);

  const queries: LoopbackQuery[] = [];
  const tcpQueries: LoopbackQuery[] = [];
  const delays = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const tcpSockets = new Set<net.Socket>();
  let closed = false;

  /** Builds the reply to one wire-format query, or undefined when the server should stay silent. */
  function handle(message: Buffer, transport: 'udp' | 'tcp'): { reply: Buffer; name: string } | undefined {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return undefined;
    }
    if (query.type !== 'query') return undefined;
    const question = query.questions?.[0];
    const flags = dnsPacket.AUTHORITATIVE_ANSWER | (query.flag_rd ? dnsPacket.RECURSION_DESIRED : 0);
    if (question === undefined) {
      const reply = dnsPacket.encode({ type: 'response', id: query.id, flags: flags | RCODE_FORMERR, questions: [] });
      return { reply, name: '' };
    }
    const name = normalizeName(question.name);
    const entry = { name, type: String(question.type) };
    queries.push(entry);
    if (transport === 'tcp') tcpQueries.push(entry);

    const result = resolve(zone, name, String(question.type));
    if (result.kind === 'drop') return undefined;
    // The question is echoed byte-for-byte (case included) because c-ares rejects replies
    // whose question differs from what it asked.
    const response: dnsPacket.Packet = {
      type: 'response',
      id: query.id,
      flags: flags | result.rcode,
      questions: [question],
      answers: result.answers,
    };
    let reply = dnsPacket.encode(response);
    if (transport === 'udp' && reply.length > MAX_UDP_PAYLOAD) {
      reply = dnsPacket.encode({ ...response, flags: flags | result.rcode | dnsPacket.TRUNCATED_RESPONSE, answers: [] });
    }
    return { reply, name };
  }

  function later(name: string, send: () => void): void {
    const ms = delays.get(name) ?? 0;
    if (ms <= 0) {
      send();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) send();
    }, ms);
    timers.add(timer);
  }

  const { udp, tcp, port } = await bindSamePort(host);

  udp.on('message', (message, remote) => {
    const handled = handle(message, 'udp');
    if (handled === undefined) return;
    later(handled.name, () => udp.send(handled.reply, remote.port, remote.address, () => undefined));
  });
  // A client that vanished mid-exchange must not take the test process down.
  udp.on('error', () => undefined);

  tcp.on('connection', (socket) => {
    tcpSockets.add(socket);
    socket.on('close', () => tcpSockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      // One connection may carry several length-prefixed queries, split across reads arbitrarily.
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const message = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        const handled = handle(message, 'tcp');
        if (handled === undefined) continue;
        const framed = Buffer.alloc(2 + handled.reply.length);
        framed.writeUInt16BE(handled.reply.length, 0);
        handled.reply.copy(framed, 2);
        later(handled.name, () => {
          if (!socket.destroyed) socket.write(framed);
        });
      }
    });
  });

  let closing: Promise<void> | undefined;
  return {
    port,
    address: host,
    queries,
    tcpQueries,
    setDelay(name: string, ms: number): void {
      if (ms > 0) delays.set(normalizeName(name), ms);
      else delays.delete(normalizeName(name));
    },
    close(): Promise<void> {
      closing ??= (async () => {
        closed = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        // c-ares keeps TCP connections open for reuse, and server.close() would wait for them.
        for (const socket of tcpSockets) socket.destroy();
        await Promise.all([
          new Promise<void>((done) => tcp.close(() => done())),
          new Promise<void>((done) => udp.close(() => done())),
        ]);
      })();
      return closing;
    },
  };
}

/** UDP and TCP on one ephemeral port, since a resolver retries truncated answers on the same port. */
async function bindSamePort(host: string): Promise<{ udp: dgram.Socket; tcp: net.Server; port: number }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((done, fail) => {
      udp.once('error', fail);
      udp.bind(0, host, () => {
        udp.off('error', fail);
        done();
      });
    });
    const port = udp.address().port;
    const tcp = net.createServer();
    try {
      await new Promise<void>((done, fail) => {
        tcp.once('error', fail);
        tcp.listen({ port, host, exclusive: true }, () => {
          tcp.off('error', fail);
          done();
        });
      });
      return { udp, tcp, port };
    } catch (error) {
      // The ephemeral UDP port can already be taken on the TCP side by an unrelated process.
      lastError = error;
      await new Promise<void>((done) => udp.close(() => done()));
    }
  }
  throw new Error(`Could not bind UDP and TCP on the same loopback port: ${String(lastError)}`);
}
