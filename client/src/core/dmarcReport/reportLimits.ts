/**
 * Size caps for reports, which come from strangers: a 1 MB gzip can hold 1 GB of zeros. The caps
 * apply per input file: `maxCompressedBytes` to the file as it is on disk (and to each attachment
 * of a message after base64 decoding), `maxUncompressedBytes` to the XML inside it, counted while
 * decompressing so a bomb stops at the cap instead of filling memory.
 */
export interface ReportLimits {
  maxCompressedBytes: number;
  maxUncompressedBytes: number;
}

export interface ReportSettings extends ReportLimits {
  /** Look up PTR names of source IPs (trusted workspaces only). */
  reverseDns: boolean;
}

export const DEFAULT_REPORT_SETTINGS: ReportSettings = {
  maxCompressedBytes: 20 * 1024 * 1024,
  maxUncompressedBytes: 200 * 1024 * 1024,
  reverseDns: false,
};

/** The largest cap a setting may ask for: typed arrays and strings in V8 stop near 2 GiB anyway. */
const HARD_MAX = 1024 * 1024 * 1024;
const HARD_MIN = 1024;

function clampSize(value: unknown, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(HARD_MAX, Math.max(HARD_MIN, Math.floor(value)));
}

/** Settings as VS Code hands them over (`emailAuth.reports`), made typed and safe. */
export function sanitizeReportSettings(raw: unknown, trusted: boolean): ReportSettings {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return {
    maxCompressedBytes: clampSize(input.maxCompressedBytes, DEFAULT_REPORT_SETTINGS.maxCompressedBytes),
    maxUncompressedBytes: clampSize(input.maxUncompressedBytes, DEFAULT_REPORT_SETTINGS.maxUncompressedBytes),
    // Reverse look-ups tell a DNS server which IPs mailed you; never from an untrusted workspace.
    reverseDns: trusted && input.reverseDns === true,
  };
}
