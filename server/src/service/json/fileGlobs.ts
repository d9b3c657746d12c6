/**
 * Minimal glob matching for the `emailAuth.files.*` settings: `*`, `?`, `**`, `{a,b}` and `[...]`.
 * A pattern without `/` matches the file's base name; one with `/` matches the end of its path.
 */
const cache = new Map<string, RegExp>();

function toRegExp(glob: string): RegExp {
  let out = '';
  let inBraces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      inBraces++;
      out += '(?:';
    } else if (c === '}' && inBraces > 0) {
      inBraces--;
      out += ')';
    } else if (c === ',' && inBraces > 0) out += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else out += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  while (inBraces-- > 0) out += ')';
  return new RegExp(`(?:^|/)${out}$`, 'i');
}

export function matchesGlob(path: string, glob: string): boolean {
  const normalized = path.replace(/\\/g, '/');
  const subject = glob.includes('/') ? normalized : normalized.slice(normalized.lastIndexOf('/') + 1);
  let re = cache.get(glob);
  if (!re) {
    try {
      re = toRegExp(glob);
    } catch {
      re = /$^/;
    }
    cache.set(glob, re);
  }
  return re.test(subject);
}

/** File-name globs per kind (the `emailAuth.files.*` settings). */
export interface JsonFileGlobs {
  receiptRule: readonly string[];
  receiptRuleSet: readonly string[];
  sendEmail: readonly string[];
  changeBatch: readonly string[];
}

export const DEFAULT_JSON_FILE_GLOBS: JsonFileGlobs = {
  receiptRule: ['*.receipt-rule.json'],
  receiptRuleSet: ['*.receipt-rule-set.json'],
  sendEmail: ['*.send-email.json'],
  changeBatch: ['*.change-batch.json'],
};
