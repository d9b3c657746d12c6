/**
 * The push commands: record under the cursor (and its CodeLens), selection, zone file, preview,
 * sync. Each one: records chosen → hosted zone (asking between a public and a private zone) →
 * Route 53 read → plan → diff preview and summary → modal confirmation (a second one for the
 * deletions of a sync) → batches applied in order → INSYNC awaited with a cancellable progress
 * notification → Route 53 read again and the result shown. Nothing reaches Route 53 before the
 * confirmation, and nothing at all in an untrusted workspace.
 */
import * as vscode from 'vscode';
import type { DnsRecord } from '../../../server/src/service/records';
import { summaryText, type PushMode, type PushPlan } from '../core/route53Plan';
import { redactSecrets } from '../aws/awsErrors';
import { sharedPacer } from '../aws/requestPacer';
import { openRoute53Connection, type Route53Connection } from '../aws/route53Connection';
import { Route53Cancelled, Route53Gateway, type HostedZoneInfo } from '../aws/route53Gateway';
import { readAwsSettings } from '../views/awsSettings';
import { callErrorText, confirmationText, deletionText, outcomeText, planErrorText, zoneLabel } from './pushMessages';
import { applyPushPlan, findHostedZone, matchesFile, planAgainstRoute53, type PushInput } from './pushRun';
import { PUSH_COMMANDS, PushCodeLenses } from './pushCodeLens';
import { PUSH_PREVIEW_SCHEME, PushPreviews } from './pushPreview';
import { readZoneFile, recordAt, recordsInRange } from './zoneFileRecords';

const DNS_ZONE_LANGUAGE = 'dns-zone';
/** Route 53 allows five requests a second per account; the pacer keeps a push under that. */
const ROUTE53_INTERVAL_MS = 200;

type CommandMode = PushMode | 'preview';

interface Target {
  document: vscode.TextDocument;
  input: PushInput;
}

export function registerRoute53Push(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Email Auth: Route 53 Push', { log: true });
  const previews = new PushPreviews();
  const lenses = new PushCodeLenses();
  const run = (mode: CommandMode) => async (uri?: unknown, line?: unknown) => {
    try {
      await push(mode, { log, previews }, typeof uri === 'string' ? uri : undefined, typeof line === 'number' ? line : undefined);
    } catch (error) {
      log.error(redactSecrets(`Push failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`));
      void vscode.window.showErrorMessage(redactSecrets(`Push to Route 53 failed: ${error instanceof Error ? error.message : String(error)}`));
    }
  };
  context.subscriptions.push(
    log,
    previews,
    lenses,
    vscode.workspace.registerTextDocumentContentProvider(PUSH_PREVIEW_SCHEME, previews),
    vscode.languages.registerCodeLensProvider([{ language: DNS_ZONE_LANGUAGE, scheme: 'file' }, { language: DNS_ZONE_LANGUAGE, scheme: 'untitled' }], lenses),
    vscode.commands.registerCommand(PUSH_COMMANDS.record, run('record')),
    vscode.commands.registerCommand(PUSH_COMMANDS.selection, run('selection')),
    vscode.commands.registerCommand(PUSH_COMMANDS.file, run('file')),
    vscode.commands.registerCommand(PUSH_COMMANDS.preview, run('preview')),
    vscode.commands.registerCommand(PUSH_COMMANDS.sync, run('sync')),
  );
}

interface Services {
  log: vscode.LogOutputChannel;
  previews: PushPreviews;
}

async function push(mode: CommandMode, services: Services, uri: string | undefined, line: number | undefined): Promise<void> {
  // The when clauses hide the commands in Restricted Mode; a keybinding or another extension can still call them.
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage('Pushing to Route 53 needs a trusted workspace: a cloned repository must not be able to change your DNS. Trust the workspace (Manage Workspace Trust), then push again.');
    return;
  }
  const target = await chooseRecords(mode, uri, line);
  if (!target) return;
  const { log, previews } = services;
  let route53: Route53Connection | undefined;
  try {
    route53 = await openRoute53Connection(readAwsSettings());
    const { connection } = route53;
    if (connection.endpointError) {
      void vscode.window.showErrorMessage(connection.endpointError);
      return;
    }
    log.info(`${mode}: ${target.document.fileName}; profile ${connection.profileLabel}, endpoint ${connection.endpoint ?? 'AWS'}`);
    const gateway = new Route53Gateway(route53.client, {
      pacer: sharedPacer(`route53|${connection.profileLabel}|${connection.endpoint ?? 'aws'}`, ROUTE53_INTERVAL_MS),
      events: {
        request: (operation, attempt) => log.trace(`${operation}${attempt > 1 ? ` (attempt ${attempt})` : ''}`),
        retry: (operation, attempt, code, delayMs) => log.warn(`${operation} attempt ${attempt}: ${code}; retrying in ${delayMs} ms`),
      },
    });
    const text = (error: unknown) => callErrorText(error, connection);

    const found = await reading('Finding the hosted zone in Route 53…', (signal) => findHostedZone(gateway, target.input, signal)).catch((error: unknown) => failed(error, text));
    if (!found) return;
    let zone: HostedZoneInfo | undefined;
    if (found.kind === 'found') zone = found.zone;
    else if (found.kind === 'ask') zone = await askZone(found.candidates, found.message);
    else {
      void vscode.window.showErrorMessage(found.message);
      return;
    }
    if (!zone) return;
    const chosenZone = zone;

    const plan = await reading(`Reading ${zoneLabel(zone)}…`, (signal) => planAgainstRoute53(gateway, chosenZone, target.input, signal)).catch((error: unknown) => failed(error, text));
    if (!plan) return;
    logPlan(log, plan);
    if (!plan.ok) {
      await previews.show(plan, zone, target.document.fileName, 'planned');
      void vscode.window.showErrorMessage(planErrorText(plan));
      return;
    }
    if (matchesFile(plan)) {
      void vscode.window.showInformationMessage(`Route 53 already matches the file: ${summaryText(plan.summary)}. Nothing to push.`);
      return;
    }
    await previews.show(plan, zone, target.document.fileName, 'planned');
    if (mode === 'preview') {
      void vscode.window.showInformationMessage(`Preview of a push to ${zoneLabel(zone)}: ${summaryText(plan.summary)}. Nothing was sent.`);
      return;
    }

    const confirm = confirmationText(plan, zone, connection);
    if ((await vscode.window.showWarningMessage(confirm.message, { modal: true, detail: confirm.detail }, 'Push')) !== 'Push') {
      log.info('Not confirmed; nothing was sent.');
      vscode.window.setStatusBarMessage('Push cancelled: nothing was sent to Route 53.', 5000);
      return;
    }
    const deletions = deletionText(plan, zone);
    if (deletions && (await vscode.window.showWarningMessage(deletions.message, { modal: true, detail: deletions.detail }, 'Delete')) !== 'Delete') {
      log.info('Deletions not confirmed; nothing was sent.');
      vscode.window.setStatusBarMessage('Sync cancelled: nothing was sent to Route 53.', 5000);
      return;
    }

    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Pushing to ${zoneLabel(zone)}`, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const started = Date.now();
        return applyPushPlan(gateway, plan, {
          signal: abort.signal,
          comment: `Email Auth Studio: ${mode} of ${target.document.fileName.replace(/^.*[\\/]/, '')}`,
          progress: {
            batch: (index, total) => progress.report({ message: `sending change ${index + 1} of ${total}…`, increment: 50 / total }),
            waiting: (changeId, status) => {
              log.info(`GetChange ${changeId}: ${status}`);
              progress.report({ message: `${status === 'INSYNC' ? 'in sync' : 'waiting until Route 53 reports INSYNC'} (${Math.round((Date.now() - started) / 1000)} s)… Cancel stops waiting, not the change.` });
            },
          },
        });
      },
    ).then(undefined, (error: unknown) => failed(error, text));
    if (!outcome) return;
    if (outcome.kind !== 'applied') {
      const message = outcomeText(outcome, plan.batches.length);
      log.warn(message);
      const again = outcome.kind === 'concurrent-change' || (outcome.kind === 'failed' && outcome.mayHaveApplied) ? 'Preview Push' : undefined;
      const picked = await (outcome.kind === 'cancelled' ? vscode.window.showWarningMessage(message) : again ? vscode.window.showErrorMessage(message, again) : vscode.window.showErrorMessage(message));
      if (picked === 'Preview Push') await vscode.commands.executeCommand(PUSH_COMMANDS.preview, target.document.uri.toString());
      return;
    }
    log.info(`Applied: ${outcome.changeIds.join(', ')}${outcome.insync ? ' (INSYNC)' : ' (stopped waiting for INSYNC)'}`);

    const after = await reading(`Reading ${zoneLabel(zone)} again…`, (signal) => planAgainstRoute53(gateway, chosenZone, target.input, signal)).catch((error: unknown) => failed(error, text));
    if (!after) return;
    const waited = outcome.insync ? '' : ' Route 53 had not reported INSYNC yet when you stopped waiting; it applies the change all the same.';
    if (matchesFile(after)) {
      void vscode.window.showInformationMessage(`Route 53 now matches the file: ${describeDone(plan)} in ${zoneLabel(zone)}.${waited}`);
    } else {
      await previews.show(after, zone, target.document.fileName, 'after the push');
      void vscode.window.showWarningMessage(`The push went through, but Route 53 still differs from the file: ${summaryText(after.summary)}. Someone may have changed the zone meanwhile; the diff shows what differs.${waited}`);
    }
  } finally {
    route53?.dispose();
  }
}

function describeDone(plan: PushPlan): string {
  const { create, change, delete: deleted } = plan.summary;
  const parts = [create > 0 ? `${create} created` : '', change > 0 ? `${change} changed` : '', deleted > 0 ? `${deleted} deleted` : ''].filter(Boolean);
  return `${parts.join(', ')} record set${create + change + deleted === 1 ? '' : 's'}`;
}

function logPlan(log: vscode.LogOutputChannel, plan: PushPlan): void {
  log.info(`Plan for ${plan.zone.Name} (${plan.mode}): ${summaryText(plan.summary)}, ${plan.batches.length} request(s)`);
  for (const problem of plan.problems) (problem.severity === 'error' ? log.error : log.warn).call(log, `${problem.code}: ${problem.message}`);
}

/** A cancellable notification while Route 53 is read; a cancel ends the command quietly. */
function reading<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    return work(abort.signal);
  }));
}

function failed(error: unknown, text: (error: unknown) => string): undefined {
  if (error instanceof Route53Cancelled) {
    vscode.window.setStatusBarMessage('Cancelled: nothing was sent to Route 53.', 5000);
    return undefined;
  }
  void vscode.window.showErrorMessage(text(error));
  return undefined;
}

async function askZone(candidates: HostedZoneInfo[], message: string): Promise<HostedZoneInfo | undefined> {
  const items = candidates.map((zone) => ({
    label: `${zone.PrivateZone ? '$(lock) private' : '$(globe) public'} ${zone.Name}`,
    description: zone.Id.replace(/^\/hostedzone\//, ''),
    detail: [zone.comment, zone.recordSetCount !== undefined ? `${zone.recordSetCount} record sets` : ''].filter(Boolean).join(' · ') || undefined,
    zone,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Which hosted zone?', placeHolder: message, ignoreFocusOut: true });
  return picked?.zone;
}

/** The zone-file document and the records the command takes from it. */
async function chooseRecords(mode: CommandMode, uri: string | undefined, line: number | undefined): Promise<Target | undefined> {
  const editor = vscode.window.activeTextEditor;
  const document = uri ? await vscode.workspace.openTextDocument(vscode.Uri.parse(uri)) : editor?.document;
  if (!document || document.languageId !== DNS_ZONE_LANGUAGE) {
    void vscode.window.showErrorMessage('Open a zone file (language "DNS Zone File") to push its records to Route 53.');
    return undefined;
  }
  const file = readZoneFile(document.getText(), document.fileName);
  if (mode === 'sync' && file.syntaxErrors.length > 0) {
    const first = document.positionAt(file.syntaxErrors[0].start).line + 1;
    void vscode.window.showErrorMessage(`Sync refused: the file has ${file.syntaxErrors.length} line${file.syntaxErrors.length === 1 ? '' : 's'} the parser cannot read (first on line ${first}), and a sync would delete the records on them from Route 53. Fix them (see the Problems panel), then sync again.`);
    return undefined;
  }
  if (mode === 'file' || mode === 'sync' || mode === 'preview') {
    if (file.records.length === 0) {
      void vscode.window.showErrorMessage('The file has no records to push.');
      return undefined;
    }
    return { document, input: { mode: mode === 'preview' ? 'file' : mode, file } };
  }
  const sameEditor = editor && editor.document.uri.toString() === document.uri.toString() ? editor : undefined;
  let chosen: DnsRecord[] = [];
  if (mode === 'record') {
    const cursorLine = line ?? sameEditor?.selection.active.line;
    if (cursorLine !== undefined && cursorLine < document.lineCount) {
      const range = document.lineAt(cursorLine).range;
      const offset = line === undefined && sameEditor ? document.offsetAt(sameEditor.selection.active) : document.offsetAt(range.start);
      const record = recordAt(file.records, offset, document.offsetAt(range.start), document.offsetAt(range.end));
      if (record) chosen = [record];
    }
    if (chosen.length === 0) {
      void vscode.window.showErrorMessage('There is no record under the cursor. Put the cursor on a record line, or use Push Zone File to Route 53.');
      return undefined;
    }
  } else {
    for (const selection of sameEditor?.selections ?? []) {
      const start = selection.isEmpty ? document.lineAt(selection.start.line).range.start : selection.start;
      const end = selection.isEmpty ? document.lineAt(selection.end.line).range.end : selection.end;
      for (const record of recordsInRange(file.records, document.offsetAt(start), document.offsetAt(end))) if (!chosen.includes(record)) chosen.push(record);
    }
    if (chosen.length === 0) {
      void vscode.window.showErrorMessage('The selection holds no records. Select the record lines to push.');
      return undefined;
    }
  }
  return { document, input: { mode, file, chosen } };
}
