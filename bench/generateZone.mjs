// Generates a realistic zone of N records (A, MX, CNAME and TXT with SPF, DMARC and DKIM mixed in).
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export function generateZone(records, origin = 'bench.example') {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const lines = [
    `$ORIGIN ${origin}.`,
    '$TTL 3600',
    `@ IN SOA ns1.${origin}. hostmaster.${origin}. ( 2026112801 7200 1800 1209600 300 )`,
    `@ IN NS ns1.${origin}.`,
    `ns1 IN A 192.0.2.53`,
    `_spf IN TXT "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all"`,
  ];
  for (let i = 0; lines.length < records; i++) {
    const host = `h${i}`;
    switch (i % 10) {
      case 0: lines.push(`${host} IN TXT "v=spf1 include:_spf.${origin}. a mx ip4:198.51.100.${i % 256} ~all"`); break;
      case 1: lines.push(`_dmarc.${host} IN TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@${origin}; adkim=s"`); break;
      case 2: lines.push(`s${i}._domainkey.${host} IN TXT ( "v=DKIM1; k=rsa; p=${key.slice(0, 200)}" "${key.slice(200)}" )`); break;
      case 3: lines.push(`${host} IN MX 10 mail.${origin}.`); break;
      case 4: lines.push(`${host} IN AAAA 2001:db8::${(i % 65535).toString(16)}`); break;
      case 5: lines.push(`www${i} IN CNAME ${host}.${origin}.`); break;
      default: lines.push(`${host} IN A 192.0.2.${i % 256}`);
    }
  }
  return lines.join('\n') + '\n';
}

export function writeZone(path, records) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, generateZone(records));
}
