/**
 * The AWS explorer: the "Email Auth" activity-bar container with the SES Identities and Receipt
 * Rule Sets views, the AWS status bar item and the commands. One session (profile, region,
 * endpoint) at a time; a change of settings or trust starts a new one and redraws both views.
 */
import * as vscode from 'vscode';
import { listAwsProfiles, sharedFilePaths } from '../aws/awsProfiles';
import { resolveConnection } from '../aws/awsConnection';
import { SesExplorerSession } from '../aws/sesExplorerSession';
import { AWS_VIEWS, NO_CREDENTIALS_CONTEXT, RULE_DOCUMENT_SCHEME } from '../core/sesModel/explorerCommands';
import { affectsAwsSettings, readAwsSettings } from './awsSettings';
import { registerExplorerCommands } from './awsExplorerCommands';
import { AwsStatusBar } from './awsStatusBar';
import { identityChildren, ruleSetChildren, type Children } from './explorerSources';
import { ExplorerTreeProvider } from './explorerTreeProvider';
import { ReceiptRuleDocuments } from './receiptRuleDocuments';

export function registerAwsExplorer(context: vscode.ExtensionContext): void {
  context.subscriptions.push(new AwsExplorer(context));
}

export class AwsExplorer implements vscode.Disposable {
  readonly log = vscode.window.createOutputChannel('Email Auth: AWS', { log: true });
  readonly identities: ExplorerTreeProvider;
  readonly ruleSets: ExplorerTreeProvider;
  private readonly statusBar: AwsStatusBar;
  private readonly disposables: vscode.Disposable[] = [];
  private session: Promise<SesExplorerSession> | undefined;
  private noCredentials = { identities: false, 'rule-sets': false };

  constructor(readonly context: vscode.ExtensionContext) {
    this.identities = new ExplorerTreeProvider((parent) => this.children((s) => identityChildren(s, parent)), (none) => this.setNoCredentials('identities', none));
    this.ruleSets = new ExplorerTreeProvider((parent) => this.children((s) => ruleSetChildren(s, parent)), (none) => this.setNoCredentials('rule-sets', none));
    this.statusBar = new AwsStatusBar();
    this.disposables.push(
      this.log,
      this.identities,
      this.ruleSets,
      this.statusBar,
      vscode.window.createTreeView(AWS_VIEWS.identities, { treeDataProvider: this.identities, showCollapseAll: true }),
      vscode.window.createTreeView(AWS_VIEWS.ruleSets, { treeDataProvider: this.ruleSets, showCollapseAll: true }),
      vscode.workspace.registerTextDocumentContentProvider(RULE_DOCUMENT_SCHEME, new ReceiptRuleDocuments(this)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsAwsSettings(event)) this.reset();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reset()),
      ...registerExplorerCommands(this),
    );
    void this.updateStatusBar();
  }

  /** The session of the current settings, or undefined in an untrusted workspace (nothing is sent then). */
  current(): Promise<SesExplorerSession> | undefined {
    if (!vscode.workspace.isTrusted) return undefined;
    this.session ??= this.createSession();
    return this.session;
  }

  private async createSession(): Promise<SesExplorerSession> {
    const files = sharedFilePaths();
    const profiles = await listAwsProfiles(files);
    const connection = resolveConnection(readAwsSettings(), profiles, files);
    // Names only: profile, region and endpoint are not secrets; keys never pass through here.
    this.log.info(`Connection: profile ${connection.profileLabel}, region ${connection.region} (${connection.regionSource}), endpoint ${connection.endpoint ?? 'AWS'}`);
    if (connection.endpointError) this.log.warn(connection.endpointError);
    return new SesExplorerSession(connection, { log: (line) => this.log.warn(line) });
  }

  private async children(load: (session: SesExplorerSession) => Promise<Children>): Promise<Children> {
    const session = this.current();
    if (!session) return { nodes: [] };
    return load(await session);
  }

  private setNoCredentials(view: 'identities' | 'rule-sets', none: boolean): void {
    this.noCredentials[view] = none;
    void vscode.commands.executeCommand('setContext', NO_CREDENTIALS_CONTEXT, this.noCredentials.identities || this.noCredentials['rule-sets']);
  }

  lacksCredentials(): boolean {
    return this.noCredentials.identities || this.noCredentials['rule-sets'];
  }

  /** Settings, trust or credentials changed: forget everything and draw both views afresh. */
  reset(): void {
    const old = this.session;
    this.session = undefined;
    void old?.then((s) => s.dispose(), () => undefined);
    this.identities.redraw();
    this.ruleSets.redraw();
    void this.updateStatusBar();
  }

  async updateStatusBar(): Promise<void> {
    const session = this.current();
    this.statusBar.show(session ? (await session).connection : undefined);
  }

  dispose(): void {
    void this.session?.then((s) => s.dispose(), () => undefined);
    for (const d of this.disposables) d.dispose();
  }
}
