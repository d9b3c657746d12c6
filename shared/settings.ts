/**
 * Settings as the language server consumes them. The client reads VS Code's configuration,
 * sanitises it with `sanitizeSettings` and sends the typed result; the server never reads raw
 * configuration, so both sides agree on defaults.
 */
export type RuleSeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface ServerSettings {
  rules: Record<string, RuleSeveritySetting>;
  dns: {
    enabled: boolean;
    servers: string[];
    timeoutMs: number;
  };
  /** False in Restricted Mode: then nothing leaves the machine (no DNS look-ups). */
  trusted: boolean;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  rules: {},
  dns: { enabled: true, servers: [], timeoutMs: 2000 },
  trusted: false,
};

const SEVERITIES = new Set<RuleSeveritySetting>(['error', 'warning', 'information', 'hint', 'off']);

export function sanitizeSettings(raw: unknown, trusted: boolean): ServerSettings {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleSeveritySetting> = {};
  const rawRules = input.rules && typeof input.rules === 'object' ? (input.rules as Record<string, unknown>) : {};
  for (const [code, value] of Object.entries(rawRules)) {
    if (typeof value === 'string' && SEVERITIES.has(value as RuleSeveritySetting)) rules[code] = value as RuleSeveritySetting;
  }
  const dns = (input.dns && typeof input.dns === 'object' ? input.dns : {}) as Record<string, unknown>;
  const servers = Array.isArray(dns.servers) ? dns.servers.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim()) : [];
  const timeout = typeof dns.timeoutMs === 'number' && Number.isFinite(dns.timeoutMs) ? Math.min(30000, Math.max(100, dns.timeoutMs)) : DEFAULT_SETTINGS.dns.timeoutMs;
  return {
    rules,
    dns: { enabled: typeof dns.enabled === 'boolean' ? dns.enabled : DEFAULT_SETTINGS.dns.enabled, servers, timeoutMs: timeout },
    trusted,
  };
}
