/**
 * The preview of a push in a diff editor: Route 53's current rrsets on the left, the planned ones
 * on the right, as zone-file lines (core/route53Plan/diffText.ts). The two sides are read-only
 * documents of their own scheme, kept in memory while the extension runs.
 */
import * as vscode from 'vscode';
import { planDiff, summaryText, type PushPlan } from '../core/route53Plan';
import type { HostedZoneInfo } from '../aws/route53Gateway';
import { zoneLabel } from './pushMessages';

export const PUSH_PREVIEW_SCHEME = 'email-auth-push';
/** Previews kept; older ones answer with a note that they are gone. */
const KEPT = 20;

export class PushPreviews implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private count = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '; This preview is no longer available: run Preview Push again.\n';
  }

  /** Opens the plan in a diff editor; `stage` says what the right side is ("planned", "after the push"). */
  async show(plan: PushPlan, zone: HostedZoneInfo, fileName: string, stage: 'planned' | 'after the push'): Promise<void> {
    const id = ++this.count;
    const docs = planDiff(plan);
    const header = `; Hosted zone ${zoneLabel(zone)}: ${summaryText(plan.summary)}\n`;
    const base = fileName.replace(/^.*[\\/]/, '').replace(/\.(zone|db)$/i, '');
    // The .zone extension gives both sides the zone-file colours.
    const left = vscode.Uri.from({ scheme: PUSH_PREVIEW_SCHEME, path: `/${id}/route53/${base}.zone` });
    const right = vscode.Uri.from({ scheme: PUSH_PREVIEW_SCHEME, path: `/${id}/${stage === 'planned' ? 'planned' : 'file'}/${base}.zone` });
    const unchanged = plan.rrsets.filter((r) => r.action === 'unchanged').length;
    const trailer = unchanged > 0 ? `; ${unchanged} record set${unchanged === 1 ? '' : 's'} already as in the file, not shown\n` : '';
    this.remember(left.path, header + docs.current + trailer);
    this.remember(right.path, header + docs.planned + trailer);
    const title = stage === 'planned' ? `Route 53 ↔ planned: ${base} (${summaryText(plan.summary)})` : `Route 53 after the push ↔ ${base}: still different`;
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: false, preserveFocus: false });
  }

  private remember(path: string, text: string): void {
    this.texts.set(path, text);
    if (this.texts.size > KEPT * 2) {
      const oldest = this.texts.keys().next().value;
      if (oldest !== undefined) this.texts.delete(oldest);
    }
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}
