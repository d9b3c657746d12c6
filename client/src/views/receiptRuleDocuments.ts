/**
 * Read-only documents of receipt rules (email-auth-ses:/<region>/<set>/<rule>.receipt-rule.json),
 * served from the explorer's cache, so the JSON checks run on the rule as SES holds it.
 */
import * as vscode from 'vscode';
import { RULE_DOCUMENT_SCHEME } from '../core/sesModel/explorerCommands';
import { parseRuleDocumentPath, receiptRuleJson, ruleDocumentPath, type RuleDocumentRef } from '../core/sesModel/ruleDocument';
import type { AwsExplorer } from './awsExplorer';
import { problemOf } from './explorerSources';

export function ruleDocumentUri(ref: RuleDocumentRef): vscode.Uri {
  return vscode.Uri.from({ scheme: RULE_DOCUMENT_SCHEME, path: ruleDocumentPath(ref) });
}

export class ReceiptRuleDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly explorer: AwsExplorer) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseRuleDocumentPath(uri.path);
    if (!ref) throw new Error(`${uri.toString()} does not name a receipt rule.`);
    const pending = this.explorer.current();
    if (!pending) throw new Error('Receipt rules are read from AWS only in a trusted workspace.');
    const session = await pending;
    if (session.connection.region !== ref.region || session.connection.profileLabel !== ref.profile) {
      throw new Error(`This rule was read with profile ${ref.profile} in ${ref.region}; the explorer now uses ${session.connection.profileLabel} in ${session.connection.region}. Switch back to read it again.`);
    }
    try {
      return receiptRuleJson(await session.rule(ref.ruleSet, ref.rule));
    } catch (error) {
      throw new Error(problemOf(error).message);
    }
  }
}
