import type { AnalyzedDocument } from '../analysis';
import type { Range } from '../types';

export interface SymbolNode {
  name: string;
  detail: string;
  kind: 'owner' | 'record';
  range: Range;
  selectionRange: Range;
  children: SymbolNode[];
}

export interface FoldingRange {
  startLine: number;
  endLine: number;
}

const PREVIEW = 60;

/** Outline: one node per owner name (in order of first appearance), its records as children. */
export function documentSymbols(doc: AnalyzedDocument): SymbolNode[] {
  const owners = new Map<string, SymbolNode>();
  const ownerEnds = new Map<string, number>();
  for (const record of doc.set.records) {
    if (record.span.start > doc.text.length) continue;
    const range = doc.lines.rangeOf(record.span);
    const data = record.txt ? record.txt.text : record.rdata.map((t) => t.text).join(' ');
    const child: SymbolNode = {
      name: record.type,
      detail: data.length > PREVIEW ? `${data.slice(0, PREVIEW)}…` : data,
      kind: 'record',
      range,
      selectionRange: doc.lines.rangeOf(record.typeSpan),
      children: [],
    };
    let owner = owners.get(record.name);
    if (!owner) {
      const nameRange = record.nameSpan.end > record.nameSpan.start ? doc.lines.rangeOf(record.nameSpan) : doc.lines.rangeOf(record.typeSpan);
      owner = { name: record.name === '' ? '.' : record.name, detail: '', kind: 'owner', range, selectionRange: nameRange, children: [] };
      owners.set(record.name, owner);
    }
    owner.children.push(child);
    if (record.span.end >= (ownerEnds.get(record.name) ?? -1)) {
      ownerEnds.set(record.name, record.span.end);
      owner.range = { start: owner.range.start, end: range.end };
    }
  }
  for (const owner of owners.values()) owner.detail = `${owner.children.length} record${owner.children.length === 1 ? '' : 's'}`;
  return [...owners.values()];
}

/** Folds records written across lines in parentheses, and runs of records under one owner. */
export function foldingRanges(doc: AnalyzedDocument): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  for (const entry of doc.parsed.multiLineEntries) ranges.push({ startLine: entry.firstLine, endLine: entry.lastLine });
  let groupStart = -1;
  let groupEnd = -1;
  let lastName: string | undefined;
  const flush = () => {
    if (groupStart >= 0 && groupEnd > groupStart) ranges.push({ startLine: groupStart, endLine: groupEnd });
  };
  for (const record of doc.set.records) {
    // $INCLUDEd records sit among this file's own; skip them, the records after still fold.
    if (record.span.start > doc.text.length) continue;
    const first = doc.lines.positionAt(record.span.start).line;
    const last = doc.lines.positionAt(record.span.end).line;
    if (record.name !== lastName) {
      flush();
      groupStart = first;
      lastName = record.name;
    }
    groupEnd = last;
  }
  flush();
  const seen = new Set<string>();
  return ranges.filter((r) => {
    const key = `${r.startLine}:${r.endLine}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
