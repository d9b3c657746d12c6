/**
 * The messages between the report preview's webview (media/reportPreview.js) and the extension,
 * declared once. The webview script is plain JavaScript; a unit test checks it handles and sends
 * exactly these types.
 */
import type { ReportProblem } from './problems';
import type { ReportSummary } from './reportSummary';

/** Extension → webview. */
export type ToWebview =
  | { type: 'progress'; done: number; total: number; file?: string }
  | { type: 'summary'; summary: ReportSummary; title: string; reverseDns: 'off' | 'untrusted' | 'pending' | 'done' }
  | { type: 'failed'; problems: ReportProblem[]; title: string }
  | { type: 'cancelled' }
  | { type: 'snippet'; domain: string; region: string; text: string };

/** Webview → extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'cancel' }
  | { type: 'export'; format: 'csv' | 'json' }
  | { type: 'openRaw'; report: number }
  | { type: 'action'; action: 'mail-from-records' | 'easy-dkim'; domain: string }
  | { type: 'openSnippet'; text: string };

export const TO_WEBVIEW_TYPES: ReadonlyArray<ToWebview['type']> = ['progress', 'summary', 'failed', 'cancelled', 'snippet'];
export const FROM_WEBVIEW_TYPES: ReadonlyArray<FromWebview['type']> = ['ready', 'cancel', 'export', 'openRaw', 'action', 'openSnippet'];

/** Messages from the webview are untrusted input too (a compromised webview could send anything). */
export function parseFromWebview(message: unknown): FromWebview | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'cancel':
      return { type: m.type };
    case 'export':
      return m.format === 'csv' || m.format === 'json' ? { type: 'export', format: m.format } : undefined;
    case 'openRaw':
      return typeof m.report === 'number' && Number.isInteger(m.report) && m.report >= 0 ? { type: 'openRaw', report: m.report } : undefined;
    case 'action':
      return (m.action === 'mail-from-records' || m.action === 'easy-dkim') && typeof m.domain === 'string' && /^[a-z0-9.-]{1,253}$/i.test(m.domain) ? { type: 'action', action: m.action, domain: m.domain } : undefined;
    case 'openSnippet':
      return typeof m.text === 'string' && m.text.length < 10000 ? { type: 'openSnippet', text: m.text } : undefined;
    default:
      return undefined;
  }
}
