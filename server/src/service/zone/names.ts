/**
 * Domain names as written in a master file: `@` is the origin, a trailing dot makes a name
 * absolute, anything else is relative to the origin (RFC 1035 5.1). Names are kept lower case
 * and without the trailing dot, with escapes as written.
 */
export function absoluteName(raw: string, origin: string): string {
  if (raw === '@') return origin;
  if (raw === '.') return '';
  if (isAbsolute(raw)) return raw.slice(0, -1).toLowerCase();
  const lower = raw.toLowerCase();
  return origin === '' ? lower : `${lower}.${origin}`;
}

/**
 * `absoluteName` for names a parse keeps (owners, $ORIGIN), as a string of its own: a name built
 * with `+` is a rope that V8 flattens into a second string when it is first hashed, and a slice of
 * the text keeps the whole text alive after an edit. `join` writes one flat string.
 */
export function ownerName(raw: string, origin: string): string {
  if (raw === '@') return origin;
  if (raw === '.') return '';
  if (isAbsolute(raw)) return copyOf(raw, 0, raw.length - 1).toLowerCase();
  const lower = raw.toLowerCase();
  return origin === '' ? copyOf(lower, 0, lower.length) : [lower, origin].join('.');
}

/** V8 shares the characters of slices of 13 or more; this copies them. */
export function copyOf(text: string, start: number, end: number): string {
  if (end - start < 13) return text.slice(start, end);
  const mid = start + ((end - start) >> 1);
  return [text.slice(start, mid), text.slice(mid, end)].join('');
}

export function isAbsolute(raw: string): boolean {
  if (!raw.endsWith('.')) return false;
  let backslashes = 0;
  for (let i = raw.length - 2; i >= 0 && raw[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** Splits on unescaped dots. */
export function labelsOf(name: string): string[] {
  if (name === '') return [];
  const labels: string[] = [];
  let current = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '\\' && i + 1 < name.length) {
      current += c + name[i + 1];
      i++;
    } else if (c === '.') {
      labels.push(current);
      current = '';
    } else current += c;
  }
  labels.push(current);
  return labels;
}

function labelOctets(label: string): number {
  return label.replace(/\\\d{3}/g, 'x').replace(/\\(.)/g, '$1').length;
}

/** Why a name cannot be a DNS name (RFC 1035 2.3.4), or undefined when it can. */
export function nameProblem(raw: string, absolute: string): string | undefined {
  if (raw === '@' || raw === '.') return undefined;
  // Fast path for the common case, no escapes: one pass over the characters.
  if (!absolute.includes('\\')) {
    if (absolute.length + 2 > 255) return `the name is ${absolute.length + 2} octets long, over the limit of 255`;
    let labelStart = 0;
    for (let i = 0; i <= absolute.length; i++) {
      if (i === absolute.length || absolute.charCodeAt(i) === 46) {
        const length = i - labelStart;
        if (length === 0 && absolute.length > 0) return `"${raw}" has an empty label (two dots in a row or a leading dot)`;
        if (length > 63) return `the label "${absolute.slice(labelStart, labelStart + 20)}…" is longer than 63 octets`;
        labelStart = i + 1;
      }
    }
    return undefined;
  }
  const labels = labelsOf(absolute);
  // BIND rejects \DDD over 255 ("bad escape"); an escaped backslash (\\) is not the start of one.
  const badEscape = labels.map((label) => /\\(\d{3})/.exec(label.replace(/\\\\/g, ''))).find((m) => m && Number(m[1]) > 255);
  if (badEscape) return `the escape \\${badEscape[1]} is over 255; a \\DDD escape is one octet (RFC 1035 section 5.1)`;
  if (labels.some((label) => label.length === 0)) return `"${raw}" has an empty label (two dots in a row or a leading dot)`;
  const long = labels.find((label) => labelOctets(label) > 63);
  if (long) return `the label "${long.slice(0, 20)}…" is longer than 63 octets`;
  const total = labels.reduce((sum, label) => sum + labelOctets(label) + 1, 1);
  if (total > 255) return `the name is ${total} octets long, over the limit of 255`;
  return undefined;
}

/** Guesses a zone's origin from its file name: `example.com.zone`, `db.example.com`, `example.com.db`. */
export function originFromFileName(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/^db\./i, '').replace(/\.(zone|db|hosts?|txt)$/i, '');
  if (stem === base && !/^db\./i.test(base)) return undefined;
  return /^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/i.test(stem) ? stem.toLowerCase() : undefined;
}
