/**
 * The webview adapter of the report preview, for one file (custom editor) or several (a folder).
 * It starts the worker, relays progress, posts the summary once the page says it is ready (and
 * again whenever the page reloads), and carries out what the page asks: cancel, export, open the
 * raw XML, generate MAIL FROM records. No report rules here: they live in client/src/core.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { dmarcRecordsInZone, comparePolicies, type ZoneDmarcRecord } from '../core/dmarcReport/zonePolicy';
import { isAwsRegion, mailFromZoneSnippet } from '../core/dmarcReport/mailFromSnippet';
import { reportsToCsv, reportsToJson } from '../core/dmarcReport/reportExport';
import type { ReportSettings } from '../core/dmarcReport/reportLimits';
import type { InputResult } from '../core/dmarcReport/reportModel';
import { summarizeInputs, type ReportSummary } from '../core/dmarcReport/reportSummary';
import { parseFromWebview, type FromWebview, type ToWebview } from '../core/dmarcReport/webviewMessages';
import { CancelledError, startReportJob, type ReportJob } from './reportJob';
import { reportWebviewHtml } from './reportWebviewHtml';
import { sourceNames } from './reverseDns';

/** Rows sent to the page; totals, groups and exports always cover every row. */
const ROW_LIMIT = 5000;
const GENERATE_MAIL_FROM_COMMAND = 'emailAuth.generateMailFromRecords';
const EASY_DKIM_GUIDE = 'https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html';
const ZONE_LANGUAGE = 'dns-zone';

export interface ReportPreviewEnvironment {
  extensionUri: vscode.Uri;
  workerScript: string;
  settings(): ReportSettings & { dnsServers: string[]; dnsTimeoutMs: number; trusted: boolean };
  log(message: string): void;
}

export class ReportPreviewPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private last: ToWebview | undefined;
  private job: ReportJob | undefined;
  private inputs: InputResult[] = [];
  private summary: ReportSummary | undefined;
  private names: Map<string, string> | undefined;
  private reverseState: 'off' | 'untrusted' | 'pending' | 'done' = 'off';
  private disposed = false;
  private zoneTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly uris: readonly vscode.Uri[],
    private readonly title: string,
    private readonly env: ReportPreviewEnvironment,
  ) {
    const media = vscode.Uri.joinPath(env.extensionUri, 'media');
    panel.webview.options = { enableScripts: true, localResourceRoots: [media] };
    panel.webview.html = reportWebviewHtml({
      cspSource: panel.webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'reportPreview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'reportPreview.css')).toString(),
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw) => {
        const message = parseFromWebview(raw);
        if (message) void this.handle(message).catch((error) => this.fail(error));
      }),
      panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidOpenTextDocument((doc) => this.zoneChanged(doc)),
      vscode.workspace.onDidChangeTextDocument((event) => this.zoneChanged(event.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.zoneChanged(doc)),
    );
    this.start();
  }

  private post(message: ToWebview): void {
    if (message.type !== 'snippet') this.last = message;
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private fail(error: unknown): void {
    this.env.log(`DMARC report preview: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    void vscode.window.showErrorMessage(`DMARC report preview: ${error instanceof Error ? error.message : String(error)}`);
  }

  private start(): void {
    const nonFile = this.uris.find((uri) => uri.scheme !== 'file');
    if (nonFile) {
      this.post({ type: 'failed', title: this.title, problems: [{ code: 'report-unreadable', severity: 'error', message: `${nonFile.toString()} is not a file on disk; the preview reads reports from files and folders.` }] });
      return;
    }
    const settings = this.env.settings();
    this.post({ type: 'progress', done: 0, total: 0 });
    const job = startReportJob(this.env.workerScript, { kind: 'parse', paths: this.uris.map((u) => u.fsPath), limits: settings, rowLimit: ROW_LIMIT }, (progress) => {
      const total = progress.files > 1 ? progress.files : progress.fileBytes;
      const done = progress.files > 1 ? progress.fileIndex + (progress.fileBytes > 0 ? progress.bytes / progress.fileBytes : 0) : progress.bytes;
      this.post({ type: 'progress', done, total, file: progress.files > 1 ? `${progress.file} (${progress.fileIndex + 1} of ${progress.files})` : progress.file });
    });
    this.job = job;
    job.result.then(
      (message) => {
        this.job = undefined;
        if (this.disposed) return;
        if (message.type !== 'parsed') {
          this.post({ type: 'failed', title: this.title, problems: message.type === 'failed' ? message.problems : [] });
          return;
        }
        this.inputs = message.inputs;
        if (message.summary.reports.length === 0) {
          this.post({ type: 'failed', title: this.title, problems: message.summary.problems });
          return;
        }
        this.summary = message.summary;
        this.summary.findings = comparePolicies(this.reports(), this.zoneRecords());
        this.reverseState = settings.reverseDns ? 'pending' : settings.trusted ? 'off' : 'untrusted';
        this.postSummary();
        if (settings.reverseDns) void this.lookUpNames(settings);
      },
      (error) => {
        this.job = undefined;
        if (error instanceof CancelledError) this.post({ type: 'cancelled' });
        else this.fail(error);
      },
    );
  }

  private reports() {
    return this.inputs.flatMap((input) => input.reports);
  }

  private postSummary(): void {
    if (this.summary) this.post({ type: 'summary', summary: this.summary, title: this.title, reverseDns: this.reverseState });
  }

  private async lookUpNames(settings: ReturnType<ReportPreviewEnvironment['settings']>): Promise<void> {
    this.names = await sourceNames(this.reports(), settings, () => this.disposed);
    if (this.disposed) return;
    this.reverseState = 'done';
    this.resummarize();
  }

  private zoneRecords(): ZoneDmarcRecord[] {
    const records: ZoneDmarcRecord[] = [];
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.languageId !== ZONE_LANGUAGE || doc.isClosed) continue;
      try {
        records.push(...dmarcRecordsInZone(doc.getText(), vscode.workspace.asRelativePath(doc.uri)));
      } catch (error) {
        this.env.log(`DMARC report preview: reading ${doc.uri.toString()} failed: ${String(error)}`);
      }
    }
    return records;
  }

  private zoneChanged(doc: vscode.TextDocument): void {
    if (doc.languageId !== ZONE_LANGUAGE || !this.summary) return;
    clearTimeout(this.zoneTimer);
    this.zoneTimer = setTimeout(() => {
      if (this.disposed || !this.summary) return;
      this.summary.findings = comparePolicies(this.reports(), this.zoneRecords());
      this.postSummary();
    }, 400);
  }

  /** Groups change once reverse DNS names are known. */
  private resummarize(): void {
    this.summary = summarizeInputs(this.inputs, { rowLimit: ROW_LIMIT, reverseNames: this.names });
    this.summary.findings = comparePolicies(this.reports(), this.zoneRecords());
    this.postSummary();
  }

  private async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.last) await this.panel.webview.postMessage(this.last);
        return;
      case 'cancel':
        this.job?.cancel();
        return;
      case 'export':
        return this.exportReports(message.format);
      case 'openRaw':
        return this.openRaw(message.report);
      case 'action':
        if (message.action === 'mail-from-records') return this.mailFromRecords(message.domain);
        await vscode.env.openExternal(vscode.Uri.parse(EASY_DKIM_GUIDE));
        return;
      case 'openSnippet': {
        const doc = await vscode.workspace.openTextDocument({ language: ZONE_LANGUAGE, content: message.text });
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside });
        return;
      }
    }
  }

  private async exportReports(format: 'csv' | 'json'): Promise<void> {
    const reports = this.reports();
    if (reports.length === 0) return;
    const base = this.uris.length === 1 ? this.uris[0] : undefined;
    const name = `${(base ? base.path.split('/').pop()! : 'dmarc-reports').replace(/\.(xml|gz|gzip|zip|eml)$/gi, '')}.${format}`;
    const folder = base ? vscode.Uri.joinPath(base, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      saveLabel: `Export ${format.toUpperCase()}`,
    });
    if (!target) return;
    const text = format === 'csv' ? reportsToCsv(reports) : reportsToJson(reports);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(`Exported ${reports.reduce((n, r) => n + r.rows.length, 0).toLocaleString('en-US')} rows to ${vscode.workspace.asRelativePath(target)}.`);
  }

  private async openRaw(index: number): Promise<void> {
    const report = this.reports()[index];
    if (!report) return;
    const file = this.uris.length === 1 && report.origin.file === this.inputs[0]?.file ? this.uris[0] : this.fileUri(report.origin.file);
    if (!file) return;
    if (report.origin.containers.length === 0) {
      await vscode.commands.executeCommand('vscode.openWith', file, 'default', vscode.ViewColumn.Beside);
      return;
    }
    const settings = this.env.settings();
    const job = startReportJob(this.env.workerScript, { kind: 'extract', path: file.fsPath, member: report.origin.member, limits: settings });
    const result = await job.result;
    if (result.type !== 'extracted') {
      void vscode.window.showErrorMessage(`Cannot open the XML: ${result.type === 'failed' ? result.problems.map((p) => p.message).join(' ') : 'unexpected answer'}`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument({ language: 'xml', content: result.text });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  /** The file a report came from: labels are relative to the folder the preview opened. */
  private fileUri(label: string): vscode.Uri | undefined {
    for (const uri of this.uris) {
      const name = uri.path.split('/').pop() ?? '';
      if (label === name) return uri;
      if (label.startsWith(`${name}/`)) return vscode.Uri.joinPath(uri, label.slice(name.length + 1));
    }
    return undefined;
  }

  private async mailFromRecords(domain: string): Promise<void> {
    const commands = await vscode.commands.getCommands(true);
    if (commands.includes(GENERATE_MAIL_FROM_COMMAND)) {
      await vscode.commands.executeCommand(GENERATE_MAIL_FROM_COMMAND, { domain });
      return;
    }
    const configured = vscode.workspace.getConfiguration('emailAuth').get<unknown>('aws.region');
    const region = await vscode.window.showInputBox({
      title: `Custom MAIL FROM domain for ${domain}`,
      prompt: 'The AWS Region you send from with Amazon SES (the MX record points at its feedback endpoint)',
      value: typeof configured === 'string' && isAwsRegion(configured) ? configured : 'us-east-1',
      validateInput: (value) => (isAwsRegion(value.trim()) ? undefined : 'An AWS Region such as us-east-1 or eu-west-1'),
    });
    if (!region) return;
    this.post({ type: 'snippet', domain, region: region.trim(), text: mailFromZoneSnippet(domain, region.trim()) });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.zoneTimer);
    this.job?.cancel();
    for (const d of this.disposables) d.dispose();
  }
}
