// XML in and out for the two XML protocols (SES v1 query answers, Route 53 REST-XML).
// Writing is a few lines of string building so the element order is exactly the order given;
// reading goes through fast-xml-parser, with documents carrying a DTD refused.
import { XMLParser } from 'fast-xml-parser';

/** An element's content: text, children (in insertion order), or a list repeating the element. */
export type XmlValue = string | number | boolean | null | undefined | XmlObject | XmlValue[];
export interface XmlObject { [tag: string]: XmlValue }

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `<tag>value</tag>`; an array repeats the tag once per item; null/undefined writes nothing. */
export function xmlElement(tag: string, value: XmlValue): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => xmlElement(tag, item)).join('');
  if (typeof value === 'object') return `<${tag}>${xmlChildren(value)}</${tag}>`;
  return `<${tag}>${escapeXml(String(value))}</${tag}>`;
}

export function xmlChildren(object: XmlObject): string {
  return Object.entries(object).map(([tag, value]) => xmlElement(tag, value)).join('');
}

export function xmlDocument(rootTag: string, namespace: string, body: XmlObject): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${rootTag} xmlns="${namespace}">${xmlChildren(body)}</${rootTag}>`;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  removeNSPrefix: true,
  parseTagValue: false,
  // Route 53 values keep their spaces: a TXT value is compared octet for octet on DELETE.
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'Change' || name === 'ResourceRecord' || name === 'VPC',
});

/**
 * Parses a request body. Returns undefined for text that is not well-formed XML, so the
 * caller answers with the protocol's own "malformed input" error.
 */
export function parseXml(text: string): Record<string, unknown> | undefined {
  // AWS requests never carry a DTD; refusing one keeps entity expansion out entirely.
  if (/<!DOCTYPE/i.test(text)) return undefined;
  try {
    const parsed: unknown = parser.parse(text, true);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
