import type { Span } from '../types';
import type { TxtValue } from '../records';
import { describeOctet, tagSegments, trimSpan, type Tag, type TagList, type TagProblem } from '../txt/tagList';

/** A DMARC record's tag: compare names lower-cased (the RFC 5234 literals of RFC 9989 section 4.8 ignore case). */
export type DmarcTag = Tag;
export type DmarcProblem = TagProblem<'dmarc-syntax'>;
export type DmarcRecord = TagList<'dmarc-syntax'>;

const SECTION_FORMAT = 'RFC 9989 section 4.8';

/** dmarc-value is %x20-3A / %x3C-7E: printable ASCII and space, so a tab or any 8-bit octet is out. */
function firstBadValueChar(text: string, span: Span): number {
  for (let i = span.start; i < span.end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return i;
  }
  return -1;
}

function parseSegment(text: string, raw: Span, record: DmarcRecord): void {
  const seg = trimSpan(text, raw.start, raw.end);
  const eq = text.indexOf('=', seg.start);
  if (eq < 0 || eq >= seg.end) {
    record.problems.push({
      code: 'dmarc-syntax',
      span: seg,
      message: `"${text.slice(seg.start, seg.end)}" is not a tag=value pair, so receivers cannot read it (${SECTION_FORMAT}). Write it as name=value and separate tags with ";".`,
    });
    return;
  }
  const nameSpan = trimSpan(text, seg.start, eq);
  const valueSpan = trimSpan(text, eq + 1, seg.end);
  const name = text.slice(nameSpan.start, nameSpan.end);
  if (name.length === 0) {
    record.problems.push({
      code: 'dmarc-syntax',
      span: seg,
      message: `"${text.slice(seg.start, seg.end)}" has a value but no tag name (${SECTION_FORMAT}). Put the tag name before "=".`,
    });
    return;
  }
  if (!/^[A-Za-z]+$/.test(name)) {
    record.problems.push({
      code: 'dmarc-syntax',
      span: nameSpan,
      message: `"${name}" is not a valid tag name: DMARC tag names are letters only (${SECTION_FORMAT}). Check for a missing ";" or a stray character.`,
    });
    return;
  }
  const tag: DmarcTag = {
    name,
    value: text.slice(valueSpan.start, valueSpan.end),
    nameSpan,
    valueSpan,
    span: { start: nameSpan.start, end: Math.max(valueSpan.end, eq + 1) },
  };
  record.tags.push(tag);
  checkValueText(text, tag, record);
}

function checkValueText(text: string, tag: DmarcTag, record: DmarcRecord): void {
  if (tag.value.length === 0) {
    record.problems.push({
      code: 'dmarc-syntax',
      span: tag.span,
      message: `The tag "${tag.name}" has no value; a DMARC tag needs at least one character after "=" (${SECTION_FORMAT}). Give it a value or remove it.`,
    });
    return;
  }
  const bad = firstBadValueChar(text, tag.valueSpan);
  if (bad >= 0) {
    record.problems.push({
      code: 'dmarc-syntax',
      span: { start: bad, end: bad + 1 },
      message: `The value of "${tag.name}" contains ${describeOctet(text.charCodeAt(bad))}; DMARC values may only hold printable ASCII and spaces (${SECTION_FORMAT}). Remove or replace it.`,
    });
  }
}

function checkEmptySegment(raw: Span, isLast: boolean, record: DmarcRecord): void {
  // A trailing ";" is allowed by the grammar; an empty tag anywhere else is not.
  if (isLast) return;
  record.problems.push({
    code: 'dmarc-syntax',
    severity: 'warning',
    span: { start: raw.end, end: raw.end + 1 },
    message: `Empty tag before this ";"; the DMARC grammar has no empty tags (${SECTION_FORMAT}), and strict receivers may reject the record. Remove the extra ";".`,
  });
}

function checkLeadingSpace(text: string, record: DmarcRecord): void {
  const trimmed = trimSpan(text, 0, text.length);
  if (trimmed.start > 0 && trimmed.end > trimmed.start) {
    record.problems.push({
      code: 'dmarc-syntax',
      severity: 'warning',
      span: { start: 0, end: trimmed.start },
      message: `The record starts with white space, but it must start with "v=DMARC1" (${SECTION_FORMAT}); strict receivers discard it. Remove the leading white space.`,
    });
  }
}

/** Parses a DMARC record (RFC 9989 section 4.8) leniently: every problem is collected, nothing throws. */
export function parseDmarc(value: TxtValue): DmarcRecord {
  const record: DmarcRecord = { value, tags: [], problems: [] };
  const text = typeof value.text === 'string' ? value.text : '';
  if (trimSpan(text, 0, text.length).end === 0) return record;
  checkLeadingSpace(text, record);
  const parts = tagSegments(text);
  parts.forEach((raw, index) => {
    const seg = trimSpan(text, raw.start, raw.end);
    if (seg.start === seg.end) checkEmptySegment(raw, index === parts.length - 1, record);
    else parseSegment(text, raw, record);
  });
  return record;
}

/** The first tag with this name (case-insensitive), if any. */
export function findDmarcTag(record: DmarcRecord, name: string): DmarcTag | undefined {
  const wanted = name.toLowerCase();
  return record.tags.find((tag) => tag.name.toLowerCase() === wanted);
}
