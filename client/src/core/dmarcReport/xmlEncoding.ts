/**
 * Character encoding of an XML document (XML 1.0 section 4.3.3 and appendix F): a byte order mark,
 * else the encoding declaration, else UTF-8. The scanner reads UTF-8 only, so anything else is
 * transcoded first; reports are almost always UTF-8 and pass through untouched.
 */
export type Utf8Xml = { ok: true; bytes: Uint8Array; encoding: string } | { ok: false; code: string; message: string };

const UTF8_LABELS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii', 'iso646-us']);

function declaredEncoding(bytes: Uint8Array): string | undefined {
  if (!(bytes[0] === 0x3c && bytes[1] === 0x3f && bytes[2] === 0x78 && bytes[3] === 0x6d && bytes[4] === 0x6c)) return undefined;
  // The declaration up to its "?>" (or the first 256 bytes), as Latin-1 text: the name is ASCII.
  let end = Math.min(bytes.length, 256);
  for (let i = 0; i + 1 < end; i++) {
    if (bytes[i] === 0x3f && bytes[i + 1] === 0x3e) {
      end = i + 2;
      break;
    }
  }
  const head = String.fromCharCode.apply(null, bytes.subarray(0, end) as unknown as number[]);
  return /\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(head)?.[1].toLowerCase();
}

function transcode(bytes: Uint8Array, label: string): Utf8Xml {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label);
  } catch {
    return {
      ok: false,
      code: 'report-encoding-unsupported',
      message: `The report declares the character encoding "${label}", which this editor cannot decode (XML 1.0 section 4.3.3). Reports are normally UTF-8; convert the file to UTF-8 and open it again.`,
    };
  }
  return { ok: true, bytes: new TextEncoder().encode(decoder.decode(bytes)), encoding: decoder.encoding };
}

/** True when the document can be read as UTF-8 as it is (no UTF-16, no other declared encoding); `head` is its start. */
export function isUtf8Xml(head: Uint8Array): boolean {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return false;
  if ((head[0] === 0x3c && head[1] === 0x00) || (head[0] === 0x00 && head[1] === 0x3c)) return false;
  const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
  const declared = declaredEncoding(start);
  return declared === undefined || UTF8_LABELS.has(declared);
}

export function toUtf8Xml(bytes: Uint8Array): Utf8Xml {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { ok: true, bytes: bytes.subarray(3), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return transcode(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return transcode(bytes.subarray(2), 'utf-16be');
  // "<?" in UTF-16 without a byte order mark (XML 1.0 appendix F.1).
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) return transcode(bytes, 'utf-16le');
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) return transcode(bytes, 'utf-16be');
  const declared = declaredEncoding(bytes);
  if (declared === undefined || UTF8_LABELS.has(declared)) return { ok: true, bytes, encoding: 'utf-8' };
  return transcode(bytes, declared);
}
