/**
 * The report preview's webview: a locked-down HTML shell with no report data in it, and a script
 * that only ever sets text. The script runs inside VS Code (see the end-to-end test); here its
 * source is held to the rules that keep report data from becoming markup or code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { FROM_WEBVIEW_TYPES, TO_WEBVIEW_TYPES, parseFromWebview } from '../../client/src/core/dmarcReport/webviewMessages';
import { contentSecurityPolicy, reportWebviewHtml } from '../../client/src/reports/reportWebviewHtml';

const SCRIPT = readFileSync('media/reportPreview.js', 'utf8');
const code = SCRIPT.split('\n').filter((line) => !line.trim().startsWith('//')).join('\n');

test('the HTML shell: CSP default-src none, one script by nonce, styles from the media folder only', () => {
  const html = reportWebviewHtml({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'q2Zb7mJfTqYx0rWc4E5NbA==', scriptUri: 'https://r/media/reportPreview.js', styleUri: 'https://r/media/reportPreview.css' });
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
  assert.equal(csp, "default-src 'none'; style-src https://file+.vscode-resource.vscode-cdn.net; script-src 'nonce-q2Zb7mJfTqYx0rWc4E5NbA=='; img-src https://file+.vscode-resource.vscode-cdn.net; font-src https://file+.vscode-resource.vscode-cdn.net");
  assert.equal(contentSecurityPolicy('x', 'n'.repeat(16)).startsWith("default-src 'none';"), true);
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.deepEqual(scripts, ['<script nonce="q2Zb7mJfTqYx0rWc4E5NbA==" src="https://r/media/reportPreview.js">']);
  assert.ok(!/\son\w+=/i.test(html), 'no inline event handlers');
  assert.ok(!/<style/i.test(html), 'no inline styles');
  assert.throws(() => reportWebviewHtml({ cspSource: 'x', nonce: 'short', scriptUri: 'a', styleUri: 'b' }), /nonce/);
});

test('the script never turns data into markup, code or active links', () => {
  for (const forbidden of [/\.innerHTML/, /\.outerHTML/, /insertAdjacentHTML/, /document\.write/, /\beval\(/, /new Function/, /\.href\s*=/, /\.src\s*=/, /setAttribute\(\s*['"](on|href|src|style|xlink)/i, /\.on\w+\s*=/, /createRange|createContextualFragment/, /DOMParser/]) {
    assert.ok(!forbidden.test(code), `reportPreview.js must not use ${forbidden}`);
  }
  const attributes = [...code.matchAll(/setAttribute\(\s*'([^']+)'/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(attributes)].sort(), ['aria-label', 'class', 'height', 'role', 'viewBox', 'width', 'x', 'y'].sort());
  assert.ok(/textContent/.test(code));
  assert.doesNotThrow(() => new Script(SCRIPT, { filename: 'reportPreview.js' }), 'the script parses');
  assert.ok(/acquireVsCodeApi\(\)/.test(code));
});

test('the script and the extension speak the same messages', () => {
  const handled = [...code.matchAll(/case '([a-zA-Z]+)':/g)].map((m) => m[1]);
  assert.deepEqual([...TO_WEBVIEW_TYPES].sort(), [...new Set(handled)].sort());
  const sent = [...code.matchAll(/postMessage\(\{ type: '([a-zA-Z]+)'/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(sent)].sort(), [...FROM_WEBVIEW_TYPES].sort());
});

test('messages from the webview are checked before the extension acts on them', () => {
  assert.deepEqual(parseFromWebview({ type: 'export', format: 'csv' }), { type: 'export', format: 'csv' });
  assert.equal(parseFromWebview({ type: 'export', format: '../../etc/passwd' }), undefined);
  assert.equal(parseFromWebview({ type: 'openRaw', report: -1 }), undefined);
  assert.equal(parseFromWebview({ type: 'openRaw', report: 1.5 }), undefined);
  assert.equal(parseFromWebview({ type: 'action', action: 'mail-from-records', domain: 'example.com"; rm -rf /' }), undefined);
  assert.deepEqual(parseFromWebview({ type: 'action', action: 'easy-dkim', domain: 'news.example.com' }), { type: 'action', action: 'easy-dkim', domain: 'news.example.com' });
  assert.equal(parseFromWebview({ type: 'runCommand', command: 'workbench.action.terminal.new' }), undefined);
  assert.equal(parseFromWebview('ready'), undefined);
});
