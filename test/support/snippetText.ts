// Expands a VS Code snippet body to the text the editor inserts when every placeholder keeps its
// default (first choice for ${1|a,b|}), following the escaping rules of VS Code's snippet parser:
// "\" escapes "$", "}" and "\" (and "," and "|" inside a choice); any other "\" stays as it is.

export interface ExpandedSnippet {
  text: string;
  /** Default text of each tab stop, in order of appearance (a number may appear more than once). */
  placeholders: Map<number, string[]>;
}

export function expandSnippet(body: string | string[]): ExpandedSnippet {
  const source = Array.isArray(body) ? body.join('\n') : body;
  const placeholders = new Map<number, string[]>();
  let pos = 0;

  const fail = (why: string): never => {
    throw new Error(`snippet syntax: ${why} at offset ${pos} in ${JSON.stringify(source.slice(Math.max(0, pos - 20), pos + 20))}`);
  };
  const note = (index: number, text: string) => placeholders.set(index, [...(placeholders.get(index) ?? []), text]);

  /** Text up to (not including) an unescaped character in `stops`. */
  function parseText(stops: string, escapable: string): string {
    let out = '';
    while (pos < source.length && !stops.includes(source[pos])) {
      const c = source[pos];
      if (c === '\\' && pos + 1 < source.length && escapable.includes(source[pos + 1])) {
        out += source[pos + 1];
        pos += 2;
      } else if (c === '$') {
        out += parseDollar();
      } else {
        out += c;
        pos++;
      }
    }
    return out;
  }

  function parseDollar(): string {
    pos++; // $
    const simple = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(source.slice(pos));
    if (simple) {
      pos += simple[0].length;
      if (/^\d/.test(simple[0])) note(Number(simple[0]), '');
      return '';
    }
    if (source[pos] !== '{') return '$';
    pos++;
    const head = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(source.slice(pos)) ?? fail('expected a tab stop number or variable name');
    pos += head[0].length;
    const index = /^\d/.test(head[0]) ? Number(head[0]) : undefined;
    let text = '';
    if (source[pos] === ':') {
      pos++;
      text = parseText('}', '$}\\');
    } else if (source[pos] === '|' && index !== undefined) {
      pos++;
      const choices: string[] = [];
      for (;;) {
        choices.push(parseText(',|', '$}\\,|'));
        if (source[pos] === ',') pos++;
        else break;
      }
      if (source.slice(pos, pos + 2) !== '|}') fail('unterminated choice');
      pos++;
      text = choices[0];
    }
    if (source[pos] !== '}') fail('expected "}"');
    pos++;
    if (index !== undefined) note(index, text);
    return text;
  }

  const text = parseText('', '$}\\');
  return { text, placeholders };
}
