const UNIT_SECONDS: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };

/** Parses a TTL as BIND does: plain seconds or unit groups such as `1h30m` or `2W`. */
export function parseTtl(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^(\d+[wdhmsWDHMS])+$/.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(/(\d+)([wdhms])/gi)) total += Number(match[1]) * UNIT_SECONDS[match[2].toLowerCase()];
  return total;
}

export const MAX_TTL = 2147483647;
/** Largest value a 32-bit TTL or SOA timer field can hold; BIND rejects anything larger. */
export const MAX_TTL_FIELD = 4294967295;
