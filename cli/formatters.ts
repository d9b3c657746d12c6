import { pathToFileURL } from 'node:url';
import { relative } from 'node:path';
import { RULES, type Diagnostic } from '../server/src/service/index';

export interface FileReport {
  file: string;
  diagnostics: Diagnostic[];
}

/** `file:line:col: severity code: message`, 1-based like compilers, so editors and CI link to it. */
export function formatText(reports: FileReport[]): string {
  const lines: string[] = [];
  for (const { file, diagnostics } of reports) {
    for (const d of diagnostics) lines.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
  }
  const count = (s: string) => reports.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === s).length, 0);
  lines.push(`${reports.length} file${reports.length === 1 ? '' : 's'} checked: ${count('error')} errors, ${count('warning')} warnings, ${count('information')} information, ${count('hint')} hints`);
  return lines.join('\n');
}

/** 0-based positions, as LSP has them. */
export function formatJson(reports: FileReport[]): string {
  const items = reports.flatMap(({ file, diagnostics }) =>
    diagnostics.map((d) => ({ file, range: d.range, severity: d.severity, code: d.code, message: d.message })),
  );
  return JSON.stringify(items, null, 2);
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

/** SARIF 2.1.0 for GitHub code scanning and other viewers. */
export function formatSarif(reports: FileReport[], cwd: string): string {
  const used = new Set(reports.flatMap((r) => r.diagnostics.map((d) => d.code)));
  const rules = RULES.filter((r) => used.has(r.code)).map((r) => ({
    id: r.code,
    shortDescription: { text: r.summary },
    helpUri: `https://github.com/email-auth-studio/email-auth-studio/blob/main/docs/rules.md#${r.code}`,
    properties: { reference: r.reference },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
  }));
  const results = reports.flatMap(({ file, diagnostics }) =>
    diagnostics.map((d) => ({
      ruleId: d.code,
      level: SARIF_LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: relative(cwd, file).startsWith('..') ? pathToFileURL(file).href : relative(cwd, file).split('\\').join('/') },
            region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 },
          },
        },
      ],
    })),
  );
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'email-auth', informationUri: 'https://github.com/email-auth-studio/email-auth-studio', rules } }, results }],
    },
    null,
    2,
  );
}
