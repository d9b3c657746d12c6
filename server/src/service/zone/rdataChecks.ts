import type { Finding } from '../types';
import { parseIPv4, parseIPv6 } from '../net/ipAddress';
import { absoluteName, nameProblem } from './names';
import { MAX_TTL_FIELD, parseTtl } from './ttl';
import type { Token } from './lexer';

/**
 * Detailed rdata checks for the types mail administrators write by hand. Other types only need
 * some rdata. Every message names the field, the rule and the fix.
 */
export function checkRdata(type: string, tokens: Token[], origin: string, typeToken: Token): Finding[] {
  const problems: Finding[] = [];
  const at = (token: Token, message: string) => problems.push({ code: 'zone-syntax', start: token.start, end: token.end, message });
  const missing = (what: string) =>
    problems.push({ code: 'zone-syntax', start: typeToken.start, end: typeToken.end, message: `This ${type} record is missing its ${what} (RFC 1035 section 5.1); add it after the type.` });
  const extra = (from: number) => {
    const first = tokens[from];
    const last = tokens[tokens.length - 1];
    problems.push({ code: 'zone-syntax', start: first.start, end: last.end, message: `A ${type} record takes ${from} rdata field${from === 1 ? '' : 's'}; BIND rejects the extra text "${first.text}". Remove it or quote it.` });
  };
  const unquotedExpected = (token: Token, what: string) => {
    if (token.quoted) at(token, `The ${what} in this ${type} record must not be quoted (BIND rejects it); remove the quotes.`);
  };
  const checkName = (token: Token, what: string) => {
    unquotedExpected(token, what);
    const problem = nameProblem(token.text, absoluteName(token.text, origin));
    if (problem) at(token, `The ${what} is not a valid domain name: ${problem} (RFC 1035 section 2.3.4).`);
    else if (looksLikeForgottenDot(token.text, origin)) {
      const meant = token.text.replace(/\.$/, '');
      problems.push({
        code: 'zone-missing-trailing-dot',
        start: token.start,
        end: token.end,
        message: `"${token.text}" has no trailing dot, so it is relative: it means ${meant}.${origin}. (RFC 1035 section 5.1). Write "${meant}." if you mean the name on the internet.`,
        data: { kind: 'replace', span: { start: token.start, end: token.end }, text: `${meant}.`, title: `Add the trailing dot: ${meant}.` },
      });
    }
  };
  // BIND reads numbers, addresses and names as plain tokens: quoting them is an error.
  const checkUint = (token: Token, what: string, max: number) => {
    if (token.quoted) unquotedExpected(token, what);
    else if (!/^\d+$/.test(token.text) || Number(token.text) > max) at(token, `The ${what} must be a whole number from 0 to ${max}; "${token.text}" is not.`);
  };
  const exactly = (count: number, names: string[]) => {
    if (tokens.length < count) {
      missing(names[tokens.length]);
      return false;
    }
    if (tokens.length > count) extra(count);
    return true;
  };

  if (tokens.length > 0 && tokens[0].text === '\\#' && !tokens[0].quoted) {
    checkGenericRdata(tokens, at);
    return problems;
  }

  switch (type) {
    case 'A':
      if (!exactly(1, ['IPv4 address'])) break;
      if (tokens[0].quoted) unquotedExpected(tokens[0], 'IPv4 address');
      else if (!parseIPv4(tokens[0].text)) at(tokens[0], `"${tokens[0].text}" is not an IPv4 address; an A record holds four numbers 0-255 separated by dots.`);
      break;
    case 'AAAA':
      if (!exactly(1, ['IPv6 address'])) break;
      if (tokens[0].quoted) unquotedExpected(tokens[0], 'IPv6 address');
      else if (!parseIPv6(tokens[0].text)) at(tokens[0], `"${tokens[0].text}" is not an IPv6 address (RFC 4291 section 2.2).`);
      break;
    case 'NS':
    case 'CNAME':
    case 'PTR':
    case 'DNAME':
      if (exactly(1, ['target name'])) checkName(tokens[0], 'target');
      break;
    case 'MX':
      // "MX mail.example.com." forgot the preference, not the name.
      if (tokens.length === 1 && !/^\d+$/.test(tokens[0].text)) missing('preference (a number such as 10, before the host)');
      else if (exactly(2, ['preference', 'mail exchanger name'])) {
        checkUint(tokens[0], 'MX preference', 65535);
        checkName(tokens[1], 'mail exchanger');
        if (/^\d+(\.\d+){3}$/.test(tokens[1].text)) at(tokens[1], 'An MX record must name a host, not an IP address (RFC 7505, RFC 5321 section 5.1); publish an A record and point the MX at its name.');
      }
      break;
    case 'SRV':
      if (exactly(4, ['priority', 'weight', 'port', 'target'])) {
        checkUint(tokens[0], 'SRV priority', 65535);
        checkUint(tokens[1], 'SRV weight', 65535);
        checkUint(tokens[2], 'SRV port', 65535);
        checkName(tokens[3], 'SRV target');
      }
      break;
    case 'SOA':
      if (exactly(7, ['primary server name', 'responsible mailbox', 'serial', 'refresh', 'retry', 'expire', 'minimum'])) {
        checkName(tokens[0], 'primary server name');
        checkName(tokens[1], 'responsible mailbox');
        checkUint(tokens[2], 'SOA serial', 4294967295);
        for (const [index, field] of [[3, 'refresh'], [4, 'retry'], [5, 'expire'], [6, 'minimum']] as const) {
          const seconds = parseTtl(tokens[index].text);
          if (tokens[index].quoted) unquotedExpected(tokens[index], field);
          else if (seconds === undefined || seconds > MAX_TTL_FIELD) at(tokens[index], `The SOA ${field} must be a time in seconds or with units such as 1h; "${tokens[index].text}" is not.`);
        }
      }
      break;
    case 'CAA':
      if (exactly(3, ['flags', 'tag', 'value'])) {
        checkUint(tokens[0], 'CAA flags', 255);
        if (tokens[1].quoted) unquotedExpected(tokens[1], 'tag');
        else if (!/^[A-Za-z0-9]+$/.test(tokens[1].text)) at(tokens[1], `The CAA tag must be letters and digits only (RFC 8659 section 4.1); "${tokens[1].text}" is not.`);
        else if (!['issue', 'issuewild', 'iodef', 'issuemail', 'issuevmc'].includes(tokens[1].text.toLowerCase())) {
          problems.push({ code: 'zone-syntax', start: tokens[1].start, end: tokens[1].end, severity: 'information', message: `"${tokens[1].text}" is not a registered CAA property (issue, issuewild, iodef, issuemail, issuevmc); certificate authorities will ignore it (RFC 8659 section 4.2).` });
        }
      }
      break;
    case 'TXT':
    case 'SPF':
      if (tokens.length === 0) missing('text');
      break;
    default:
      if (tokens.length === 0) missing('data');
  }
  return problems;
}

function checkGenericRdata(tokens: Token[], at: (token: Token, message: string) => void): void {
  if (tokens.length < 2 || !/^\d+$/.test(tokens[1].text)) {
    at(tokens[0], 'The unknown-type form is "\\# <length> <hex data>" (RFC 3597 section 5); add the length.');
    return;
  }
  const hex = tokens.slice(2).map((t) => t.text).join('');
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) at(tokens[2] ?? tokens[1], 'The data of the \\# form must be whole octets in hexadecimal (RFC 3597 section 5).');
  else if (hex.length / 2 !== Number(tokens[1].text)) at(tokens[1], `The length says ${tokens[1].text} octets but ${hex.length / 2} follow (RFC 3597 section 5).`);
}

/** Top-level domains whose appearance at the end of a relative name almost always means a forgotten dot. */
const COMMON_TLDS = new Set(['com', 'net', 'org', 'io', 'info', 'biz', 'co', 'app', 'dev', 'cloud', 'email', 'edu', 'gov', 'mil', 'int', 'aws']);

function looksLikeForgottenDot(raw: string, origin: string): boolean {
  if (origin === '' || raw.endsWith('.') || raw === '@' || !raw.includes('.')) return false;
  const last = raw.slice(raw.lastIndexOf('.') + 1).toLowerCase();
  return COMMON_TLDS.has(last) || /^[a-z]{2}$/.test(last);
}
