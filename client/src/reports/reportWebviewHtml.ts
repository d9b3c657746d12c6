/**
 * The report preview's HTML shell. It carries no report data at all: the data is posted to the
 * script after it says "ready", and the script sets every field with textContent. The policy
 * allows nothing by default; styles and the one script come from the extension's media folder,
 * and the script must carry this page's nonce.
 */
export interface ReportWebviewHtmlOptions {
  /** webview.cspSource */
  cspSource: string;
  /** Fresh per page, from a cryptographic random source. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `style-src ${cspSource}`, `script-src 'nonce-${nonce}'`, `img-src ${cspSource}`, `font-src ${cspSource}`].join('; ');
}

export function reportWebviewHtml(options: ReportWebviewHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(options.nonce)) throw new Error('the nonce must be at least 16 base64 characters');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(contentSecurityPolicy(options.cspSource, options.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(options.styleUri)}">
<title>DMARC Report Preview</title>
</head>
<body>
<main id="report-root">
<p id="report-status" role="status">Reading the report…</p>
</main>
<script nonce="${attribute(options.nonce)}" src="${attribute(options.scriptUri)}"></script>
</body>
</html>
`;
}
