/**
 * Re-parsing an edited zone from the last checkpoint before the change must give exactly what a
 * parse from scratch gives. A seeded run of random edits compares the two after every edit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseZone, type ParsedZone } from '../../server/src/service/zone/parser';

function zone(): string {
  const lines = ['$ORIGIN example.com.', '$TTL 1h', '@ IN SOA ns1 hostmaster (', '  2026112801 ; serial', '  2h 30m 2w 5m )', '  IN NS ns1'];
  for (let i = 0; i < 400; i++) {
    if (i === 150) lines.push('$ORIGIN sub.example.com.');
    if (i === 250) lines.push('$TTL 300', '$GENERATE 1-5 host$ A 192.0.2.$');
    switch (i % 6) {
      case 0: lines.push(`h${i} IN TXT "v=spf1 include:_spf.example.com ip4:192.0.2.${i % 256} -all"`); break;
      case 1: lines.push(`_dmarc.h${i} 600 IN TXT ( "v=DMARC1; p=none;"`, `  " rua=mailto:d@example.com" )`); break;
      case 2: lines.push(`h${i} IN A 192.0.2.${i % 256}`, `  IN AAAA 2001:db8::${i.toString(16)}`); break;
      case 3: lines.push(`h${i} IN MX 10 mail.example.com.`); break;
      case 4: lines.push(`h${i} IN TXT "semi;colon \\"quoted\\" \\065"`); break;
      default: lines.push(`w${i} IN CNAME h${i - 1}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Everything a consumer can see of a parse, in plain data. */
function summary(parsed: ParsedZone) {
  return {
    records: parsed.records.map((r) => ({
      name: r.name, ttl: r.ttl, type: r.type,
      span: [r.span.start, r.span.end], nameSpan: [r.nameSpan.start, r.nameSpan.end], typeSpan: [r.typeSpan.start, r.typeSpan.end], rdataSpan: [r.rdataSpan.start, r.rdataSpan.end],
      rdata: r.rdata.map((t) => [t.text, t.start, t.end, t.quoted]),
      txt: r.txt && { text: r.txt.text, segments: r.txt.segments.map((s) => [s.at, s.length, s.source, s.sourceLength]), strings: r.txt.strings.map((s) => [s.span.start, s.span.end, s.octets]) },
    })),
    problems: parsed.problems.map((p) => [p.code, p.start, p.end, p.severity ?? '', p.message]).sort(),
    multiLineEntries: parsed.multiLineEntries,
    origin: parsed.origin,
  };
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

test('an incremental re-parse equals a parse from scratch, edit after edit', () => {
  const next = random(20261128);
  const alphabet = ['"', '(', ')', ';', '\\', '$', '@', '.', ' ', '\n', '\t', 'A', '1', 'x', 'IN', 'TXT', '$ORIGIN other.example. \n', '$TTL 5\n'];
  let text = zone();
  let parsed = parseZone(text, { origin: 'example.com' });
  let reused = 0;
  for (let step = 0; step < 300; step++) {
    const at = Math.floor(next() * text.length);
    const kind = next();
    const insert = alphabet[Math.floor(next() * alphabet.length)];
    const edited = kind < 0.4 ? text.slice(0, at) + insert + text.slice(at) : kind < 0.7 ? text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 5)) : text.slice(0, at) + insert + text.slice(at + 1);
    const incremental = parseZone(edited, { origin: 'example.com' }, { text, parsed });
    const scratch = parseZone(edited, { origin: 'example.com' });
    assert.deepEqual(summary(incremental), summary(scratch), `edit ${step} at ${at}`);
    if (incremental.records.length > 0 && incremental.records[0] === parsed.records[0]) reused++;
    text = edited;
    parsed = incremental;
  }
  // Most edits land after the first checkpoint, so records before it are taken over, not re-made.
  assert.ok(reused > 200, `records were reused in ${reused} of 300 edits`);
});

test('no reuse when the origin changes or the file has $INCLUDE', () => {
  const text = zone();
  const parsed = parseZone(text, { origin: 'example.com' });
  const other = parseZone(text + 'z IN A 192.0.2.9\n', { origin: 'example.org' }, { text, parsed });
  assert.notEqual(other.records[0], parsed.records[0]);
  const withInclude = `$INCLUDE other.zone\n${text}`;
  const includeParsed = parseZone(withInclude, { origin: 'example.com', readInclude: () => ({ text: 'inc IN A 192.0.2.1\n', resolvedPath: '/other.zone' }) });
  const again = parseZone(withInclude + 'y IN A 192.0.2.8\n', { origin: 'example.com', readInclude: () => ({ text: 'inc IN A 192.0.2.1\n', resolvedPath: '/other.zone' }) }, { text: withInclude, parsed: includeParsed });
  assert.notEqual(again.records[0], includeParsed.records[0]);
});
