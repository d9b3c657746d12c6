import type { Finding } from '../types';
import { isIPv4, isIPv6 } from '../net/ipAddress';
import { absoluteName, nameProblem } from './names';
import { MAX_TTL_FIELD, parseTtl } from './ttl';
import type { EntryTokens, Token } from './lexer';

/** What the checks of one record's rdata share; module-level helpers take it instead of closures. */
interface RdataContext {
  type: string;
  tokens: Token[];
  origin: string;
  typeToken: Token;
  problems: Finding[];
}

function at(ctx: RdataContext, token: Token, message: string): void {
  ctx.problems.push({ code: 'zone-syntax', start: token.start, end: token.end, message });
}

function missing(ctx: RdataContext, what: string): void {
  ctx.problems.push({ code: 'zone-syntax', start: ctx.typeToken.start, end: ctx.typeToken.end, message: `This ${ctx.type} record is missing its ${what} (RFC 1035 section 5.1); add it after the type.` });
}

function extra(ctx: RdataContext, from: number): void {
  const first = ctx.tokens[from];
  const last = ctx.tokens[ctx.tokens.length - 1];
  ctx.problems.push({ code: 'zone-syntax', start: first.start, end: last.end, message: `A ${ctx.type} record takes ${from} rdata field${from === 1 ? '' : 's'}; BIND rejects the extra text "${first.text}". Remove it or quote it.` });
}

function unquotedExpected(ctx: RdataContext, token: Token, what: string): void {
  if (token.quoted) at(ctx, token, `The ${what} in this ${ctx.type} record must not be quoted (BIND rejects it); remove the quotes.`);
}

function checkName(ctx: RdataContext, token: Token, what: string): void {
  unquotedExpected(ctx, token, what);
  const origin = ctx.origin;
  const problem = nameProblem(token.text, absoluteName(token.text, origin));
  if (problem) at(ctx, token, `The ${what} is not a valid domain name: ${problem} (RFC 1035 section 2.3.4).`);
  else if (looksLikeForgottenDot(token.text, origin)) {
    const meant = token.text.replace(/\.$/, '');
    ctx.problems.push({
      code: 'zone-missing-trailing-dot',
      start: token.start,
      end: token.end,
      message: `"${token.text}" has no trailing dot, so it is relative: it means ${meant}.${origin}. (RFC 1035 section 5.1). Write "${meant}." if you mean the name on the internet.`,
      data: { kind: 'replace', span: { start: token.start, end: token.end }, text: `${meant}.`, title: `Add the trailing dot: ${meant}.` },
    });
  }
}

/** BIND reads numbers, addresses and names as plain tokens: quoting them is an error. */
function checkUint(ctx: RdataContext, token: Token, what: string, max: number): void {
  if (token.quoted) unquotedExpected(ctx, token, what);
  else if (!isDigits(token.text) || Number(token.text) > max) at(ctx, token, `The ${what} must be a whole number from 0 to ${max}; "${token.text}" is not.`);
}

function exactly(ctx: RdataContext, count: number, names: string[]): boolean {
  if (ctx.tokens.length < count) {
    missing(ctx, names[ctx.tokens.length]);
    return false;
  }
  if (ctx.tokens.length > count) extra(ctx, count);
  return true;
}

/** /^\d+$/ without a regex: this runs for every MX, SRV and SOA field. */
function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Detailed rdata checks for the types mail administrators write by hand. Other types only need
 * some rdata. Every message names the field, the rule and the fix.
 */
export function checkRdata(type: string, tokens: Token[], origin: string, typeToken: Token): Finding[] {
  const problems: Finding[] = [];
  const ctx: RdataContext = { type, tokens, origin, typeToken, problems };

  if (tokens.length > 0 && tokens[0].text === '\\#' && !tokens[0].quoted) {
    checkGenericRdata(tokens, (token, message) => at(ctx, token, message));
    return problems;
  }

  switch (type) {
    case 'A':
      if (!exactly(ctx, 1, ['IPv4 address'])) break;
      if (tokens[0].quoted) unquotedExpected(ctx, tokens[0], 'IPv4 address');
      else if (!isIPv4(tokens[0].text)) at(ctx, tokens[0], `"${tokens[0].text}" is not an IPv4 address; an A record holds four numbers 0-255 separated by dots.`);
      break;
    case 'AAAA':
      if (!exactly(ctx, 1, ['IPv6 address'])) break;
      if (tokens[0].quoted) unquotedExpected(ctx, tokens[0], 'IPv6 address');
      else if (!isIPv6(tokens[0].text)) at(ctx, tokens[0], `"${tokens[0].text}" is not an IPv6 address (RFC 4291 section 2.2).`);
      break;
    case 'NS':
    case 'CNAME':
    case 'PTR':
    case 'DNAME':
      if (exactly(ctx, 1, ['target name'])) checkName(ctx, tokens[0], 'target');
      break;
    case 'MX':
      // "MX mail.example.com." forgot the preference, not the name.
      if (tokens.length === 1 && !isDigits(tokens[0].text)) missing(ctx, 'preference (a number such as 10, before the host)');
      else if (exactly(ctx, 2, ['preference', 'mail exchanger name'])) {
        checkUint(ctx, tokens[0], 'MX preference', 65535);
        checkName(ctx, tokens[1], 'mail exchanger');
        if (/^\d+(\.\d+){3}$/.test(tokens[1].text)) at(ctx, tokens[1], 'An MX record must name a host, not an IP address (RFC 7505, RFC 5321 section 5.1); publish an A record and point the MX at its name.');
      }
      break;
    case 'SRV':
      if (exactly(ctx, 4, ['priority', 'weight', 'port', 'target'])) {
        checkUint(ctx, tokens[0], 'SRV priority', 65535);
        checkUint(ctx, tokens[1], 'SRV weight', 65535);
        checkUint(ctx, tokens[2], 'SRV port', 65535);
        checkName(ctx, tokens[3], 'SRV target');
      }
      break;
    case 'SOA':
      if (exactly(ctx, 7, ['primary server name', 'responsible mailbox', 'serial', 'refresh', 'retry', 'expire', 'minimum'])) {
        checkName(ctx, tokens[0], 'primary server name');
        checkName(ctx, tokens[1], 'responsible mailbox');
        checkUint(ctx, tokens[2], 'SOA serial', 4294967295);
        for (const [index, field] of [[3, 'refresh'], [4, 'retry'], [5, 'expire'], [6, 'minimum']] as const) {
          const seconds = parseTtl(tokens[index].text);
          if (tokens[index].quoted) unquotedExpected(ctx, tokens[index], field);
          else if (seconds === undefined || seconds > MAX_TTL_FIELD) at(ctx, tokens[index], `The SOA ${field} must be a time in seconds or with units such as 1h; "${tokens[index].text}" is not.`);
        }
      }
      break;
    case 'CAA':
      if (exactly(ctx, 3, ['flags', 'tag', 'value'])) {
        checkUint(ctx, tokens[0], 'CAA flags', 255);
        if (tokens[1].quoted) unquotedExpected(ctx, tokens[1], 'tag');
        else if (!/^[A-Za-z0-9]+$/.test(tokens[1].text)) at(ctx, tokens[1], `The CAA tag must be letters and digits only (RFC 8659 section 4.1); "${tokens[1].text}" is not.`);
        else if (!['issue', 'issuewild', 'iodef', 'issuemail', 'issuevmc'].includes(tokens[1].text.toLowerCase())) {
          problems.push({ code: 'zone-syntax', start: tokens[1].start, end: tokens[1].end, severity: 'information', message: `"${tokens[1].text}" is not a registered CAA property (issue, issuewild, iodef, issuemail, issuevmc); certificate authorities will ignore it (RFC 8659 section 4.2).` });
        }
      }
      break;
    case 'TXT':
    case 'SPF':
      if (tokens.length === 0) missing(ctx, 'text');
      break;
    default:
      if (tokens.length === 0) missing(ctx, 'data');
  }
  return problems;
}

/**
 * Whether checkRdata would find nothing in this rdata, for the cases nearly every record is (an
 * address, a name, an MX), decided from the lexer's buffer without token objects. It must accept
 * only what checkRdata accepts; anything else answers false and goes through checkRdata.
 */
export function rdataPlainlyValid(type: string, entry: EntryTokens, from: number, origin: string): boolean {
  const count = entry.count - from;
  switch (type) {
    case 'A':
      return count === 1 && !entry.isQuoted(from) && isIPv4(entry.tokenText(from));
    case 'AAAA':
      return count === 1 && !entry.isQuoted(from) && isIPv6(entry.tokenText(from));
    case 'NS':
    case 'CNAME':
    case 'PTR':
    case 'DNAME':
      return count === 1 && !entry.isQuoted(from) && plainlyValidName(entry.tokenText(from), origin);
    case 'MX': {
      if (count !== 2 || entry.isQuoted(from) || entry.isQuoted(from + 1)) return false;
      const preference = entry.tokenText(from);
      const host = entry.tokenText(from + 1);
      return isDigits(preference) && Number(preference) <= 65535 && plainlyValidName(host, origin) && !/^\d+(\.\d+){3}$/.test(host);
    }
    default:
      return false;
  }
}

/** What checkName accepts without a finding ("\\#" starts the generic form instead). */
function plainlyValidName(text: string, origin: string): boolean {
  return text !== '\\#' && nameProblem(text, absoluteName(text, origin)) === undefined && !looksLikeForgottenDot(text, origin);
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
