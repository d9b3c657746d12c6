/**
 * The explorer's commands. Each works from a tree node (context menu) or from the command palette
 * (it then asks which identity or rule). None sends anything in an untrusted workspace.
 */
import * as vscode from 'vscode';
import { listAwsProfiles, sharedFilePaths } from '../aws/awsProfiles';
import type { SesExplorerSession } from '../aws/sesExplorerSession';
import { checkPlan, formatDnsCheck, lookupsFor } from '../core/sesModel/dnsCheck';
import { AWS_COMMANDS } from '../core/sesModel/explorerCommands';
import { isDomainIdentity } from '../core/sesModel/identityNodes';
import { ruleFileName, receiptRuleJson } from '../core/sesModel/ruleDocument';
import { regionReceivesMail } from '../core/sesModel/ruleSetNodes';
import { ACCOUNT_ID, identityArn } from '../core/sesModel/sesArn';
import { renderZoneFragment, sesDnsPlan, type SesDnsPlan } from '../core/sesModel/sesDnsRecords';
import { REGION_NAME, regionChoices } from '../core/sesModel/sesRegionChoices';
import { scopeId, type ViewNode } from '../core/sesModel/viewNodes';
import { sanitizeSettings } from '../../../shared/settings';
import type { AwsExplorer } from './awsExplorer';
import { readAwsSettings, writeAwsSetting } from './awsSettings';
import { resolveLookups, resolverLabel } from './dnsResolution';
import { problemOf, retryPlan } from './explorerSources';
import { ruleDocumentUri } from './receiptRuleDocuments';

const DNS_ZONE_LANGUAGE = 'dns-zone';

export function registerExplorerCommands(explorer: AwsExplorer): vscode.Disposable[] {
  let dnsOutput: vscode.OutputChannel | undefined;
  const register = (id: string, run: (node?: ViewNode) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, async (node?: ViewNode) => {
      try {
        await run(isViewNode(node) ? node : undefined);
      } catch (error) {
        void vscode.window.showErrorMessage(problemOf(error).message);
      }
    });

  return [
    register(AWS_COMMANDS.refreshIdentities, async () => refresh(explorer, 'identities')),
    register(AWS_COMMANDS.refreshRuleSets, async () => refresh(explorer, 'rule-sets')),
    register(AWS_COMMANDS.retry, async (node) => {
      const session = await trustedSession(explorer);
      if (!session || node?.target?.type !== 'retry') return;
      const plan = retryPlan(node.target.scope);
      for (const key of plan.forget) session.forget(key);
      const tree = scopeId(node.target.scope).startsWith('identit') ? explorer.identities : explorer.ruleSets;
      tree.redraw(plan.redraw);
    }),
    register(AWS_COMMANDS.loadMore, async (node) => {
      const session = await trustedSession(explorer);
      if (!session || node?.target?.type !== 'load-more') return;
      if (node.target.list === 'identities') {
        await session.loadMoreIdentities();
        explorer.identities.redraw();
      } else {
        await session.loadMoreRuleSets();
        explorer.ruleSets.redraw();
      }
    }),
    register(AWS_COMMANDS.generateDnsRecords, async (node) => {
      const session = await trustedSession(explorer);
      const identity = session && (await domainIdentity(session, node));
      if (!session || !identity) return;
      const plan = await dnsPlan(session, identity);
      const document = await vscode.workspace.openTextDocument({ language: DNS_ZONE_LANGUAGE, content: renderZoneFragment(plan) });
      await vscode.window.showTextDocument(document);
    }),
    register(AWS_COMMANDS.checkDns, async (node) => {
      const session = await trustedSession(explorer);
      const identity = session && (await domainIdentity(session, node));
      if (!session || !identity) return;
      const plan = await dnsPlan(session, identity);
      const dns = sanitizeSettings(vscode.workspace.getConfiguration('emailAuth'), vscode.workspace.isTrusted).dns;
      const rows = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking the DNS records of ${identity}…` }, async () => checkPlan(plan, await resolveLookups(lookupsFor(plan), dns)));
      dnsOutput ??= vscode.window.createOutputChannel('Email Auth: DNS Check');
      dnsOutput.clear();
      dnsOutput.append(formatDnsCheck(plan, rows, resolverLabel(dns)));
      dnsOutput.show(true);
      const bad = rows.filter((r) => r.status !== 'ok').length;
      const summary = bad === 0 ? `All ${rows.length} DNS records of ${identity} are published.` : `${bad} of ${rows.length} DNS records of ${identity} are missing, different or could not be checked; see the "Email Auth: DNS Check" output.`;
      void (bad === 0 ? vscode.window.showInformationMessage(summary) : vscode.window.showWarningMessage(summary));
    }),
    register(AWS_COMMANDS.copyArn, async (node) => {
      const session = await trustedSession(explorer);
      const identity = session && (node?.target?.type === 'identity' ? node.target.identity : await pickIdentity(session, false));
      if (!session || !identity) return;
      const account = await accountId(explorer, session);
      if (!account) return;
      const arn = identityArn(session.connection.region, account, identity);
      await vscode.env.clipboard.writeText(arn);
      void vscode.window.showInformationMessage(`Copied ${arn}`);
    }),
    register(AWS_COMMANDS.openRuleAsJson, async (node) => {
      const session = await trustedSession(explorer);
      const rule = session && (await ruleRef(session, node));
      if (!session || !rule) return;
      const uri = ruleDocumentUri({ profile: session.connection.profileLabel, region: session.connection.region, ruleSet: rule.ruleSet, rule: rule.rule });
      const document = await vscode.workspace.openTextDocument(uri);
      if (document.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(document, 'json');
      await vscode.window.showTextDocument(document, { preview: false });
    }),
    register(AWS_COMMANDS.saveRuleAsFile, async (node) => {
      const session = await trustedSession(explorer);
      const rule = session && (await ruleRef(session, node));
      if (!session || !rule) return;
      const text = receiptRuleJson(await session.rule(rule.ruleSet, rule.rule));
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, ruleFileName(rule.rule)) : undefined,
        filters: { 'SES receipt rule': ['json'] },
        saveLabel: 'Save rule',
        title: `Save the receipt rule ${rule.rule} as JSON`,
      });
      if (!target) return;
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      const open = await vscode.window.showInformationMessage(`Saved the rule ${rule.rule} to ${vscode.workspace.asRelativePath(target)}.`, 'Open');
      if (open) await vscode.window.showTextDocument(target);
    }),
    register(AWS_COMMANDS.selectProfile, async () => pickConnection(explorer, 'profile')),
    register(AWS_COMMANDS.selectRegion, async () => pickConnection(explorer, 'region')),
    register(AWS_COMMANDS.switchConnection, async () => pickConnection(explorer, 'both')),
    { dispose: () => dnsOutput?.dispose() },
  ];
}

function isViewNode(value: unknown): value is ViewNode {
  return !!value && typeof value === 'object' && typeof (value as ViewNode).id === 'string' && typeof (value as ViewNode).kind === 'string';
}

async function trustedSession(explorer: AwsExplorer): Promise<SesExplorerSession | undefined> {
  const session = explorer.current();
  if (session) return session;
  const choice = await vscode.window.showWarningMessage('The AWS explorer talks to AWS only in a trusted workspace.', 'Manage Workspace Trust');
  if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
  return undefined;
}

async function refresh(explorer: AwsExplorer, view: 'identities' | 'rule-sets'): Promise<void> {
  const pending = explorer.current();
  if (!pending) return;
  // Without credentials, start from scratch: profiles and region may come from files just added.
  if (explorer.lacksCredentials()) return explorer.reset();
  (await pending).forgetView(view);
  (view === 'identities' ? explorer.identities : explorer.ruleSets).redraw();
}

async function pickIdentity(session: SesExplorerSession, domainsOnly: boolean): Promise<string | undefined> {
  const page = await session.listIdentities();
  const items = page.items.filter((i) => !domainsOnly || isDomainIdentity(i.type)).map((i) => ({ label: i.name, description: i.verificationStatus }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage(`No ${domainsOnly ? 'domain ' : ''}identities in ${session.connection.region}.`);
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title: `SES identity in ${session.connection.region}`, placeHolder: 'Identity' }))?.label;
}

async function domainIdentity(session: SesExplorerSession, node: ViewNode | undefined): Promise<string | undefined> {
  if (node?.target?.type !== 'identity') return pickIdentity(session, true);
  if (isDomainIdentity(node.target.identityType)) return node.target.identity;
  void vscode.window.showInformationMessage(`${node.target.identity} is an email address identity; its DNS records belong to its domain's identity.`);
  return undefined;
}

async function dnsPlan(session: SesExplorerSession, identity: string): Promise<SesDnsPlan> {
  const details = await session.identity(identity);
  let note: string | undefined;
  let active: Awaited<ReturnType<SesExplorerSession['activeRuleSet']>>;
  try {
    active = await session.activeRuleSet();
  } catch (error) {
    note = `Could not read the active receipt rule set (${problemOf(error).title}), so the inbound MX is left out.`;
  }
  const plan = sesDnsPlan({ identity: details, region: session.connection.region, activeRuleSet: active });
  if (note) plan.notes.push(note);
  return plan;
}

async function accountId(explorer: AwsExplorer, session: SesExplorerSession): Promise<string | undefined> {
  const fromCredentials = (await session.checkCredentials()).accountId;
  if (fromCredentials && ACCOUNT_ID.test(fromCredentials)) return fromCredentials;
  const key = `emailAuth.aws.accountId.${session.connection.profileLabel}`;
  const remembered = explorer.context.globalState.get<string>(key);
  if (remembered && ACCOUNT_ID.test(remembered)) return remembered;
  const typed = await vscode.window.showInputBox({
    title: 'AWS account id',
    prompt: `The credentials of profile ${session.connection.profileLabel} do not name their account (set aws_account_id in the profile to skip this). Account id for the ARN:`,
    validateInput: (value) => (ACCOUNT_ID.test(value.trim()) ? undefined : 'An AWS account id is 12 digits.'),
  });
  if (!typed) return undefined;
  await explorer.context.globalState.update(key, typed.trim());
  return typed.trim();
}

async function ruleRef(session: SesExplorerSession, node: ViewNode | undefined): Promise<{ ruleSet: string; rule: string } | undefined> {
  if (node?.target?.type === 'rule') return { ruleSet: node.target.ruleSet, rule: node.target.rule };
  if (!regionReceivesMail(session.connection.region)) {
    void vscode.window.showInformationMessage(`SES does not receive mail in ${session.connection.region}, so there are no receipt rules there.`);
    return undefined;
  }
  const state = await session.ruleSets();
  const sets = state.page.items.map((s) => ({ label: s.name, description: s.name === state.active ? 'active' : undefined }));
  if (sets.length === 0) {
    void vscode.window.showInformationMessage(`No receipt rule sets in ${session.connection.region}.`);
    return undefined;
  }
  const set = sets.length === 1 ? sets[0] : await vscode.window.showQuickPick(sets, { title: 'Receipt rule set', placeHolder: 'Rule set' });
  if (!set) return undefined;
  const rules = (await session.ruleSet(set.label)).rules.map((r, i) => ({ label: r.Name, description: `${i + 1}${r.Enabled ? '' : ' · disabled'}` }));
  if (rules.length === 0) {
    void vscode.window.showInformationMessage(`The rule set ${set.label} has no rules.`);
    return undefined;
  }
  const rule = await vscode.window.showQuickPick(rules, { title: `Receipt rule in ${set.label}`, placeHolder: 'Rule' });
  return rule && { ruleSet: set.label, rule: rule.label };
}

type PickItem = vscode.QuickPickItem & { apply?: () => Promise<void> };

async function pickConnection(explorer: AwsExplorer, what: 'profile' | 'region' | 'both'): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    await trustedSession(explorer);
    return;
  }
  const settings = readAwsSettings();
  const session = await explorer.current();
  const items: PickItem[] = [];
  if (what !== 'region') {
    const profiles = await listAwsProfiles(sharedFilePaths());
    if (what === 'both') items.push({ label: 'Profiles', kind: vscode.QuickPickItemKind.Separator });
    const mark = (selected: boolean) => (selected ? '$(check) ' : '');
    items.push({ label: `${mark(!settings.profile)}Default credential chain`, description: 'environment, AWS_PROFILE, then [default]', apply: () => writeAwsSetting('profile', undefined) });
    for (const profile of profiles) {
      items.push({ label: `${mark(settings.profile === profile.name)}${profile.name}`, description: [profile.region, profile.files.join(' and ')].filter(Boolean).join(' · '), apply: () => writeAwsSetting('profile', profile.name) });
    }
  }
  if (what !== 'profile') {
    if (what === 'both') items.push({ label: 'Regions', kind: vscode.QuickPickItemKind.Separator });
    for (const choice of regionChoices()) {
      const current = session?.connection.region === choice.region;
      items.push({ label: `${current ? '$(check) ' : ''}${choice.region}`, description: choice.receives ? 'sends and receives' : 'sends only', apply: () => writeAwsSetting('region', choice.region) });
    }
    items.push({
      label: 'Other region…',
      apply: async () => {
        const typed = await vscode.window.showInputBox({ title: 'AWS region', prompt: 'Region name, e.g. eu-west-1', validateInput: (v) => (REGION_NAME.test(v.trim()) ? undefined : 'A region looks like eu-west-1.') });
        if (typed) await writeAwsSetting('region', typed.trim());
      },
    });
  }
  const title = what === 'profile' ? 'AWS profile for the SES explorer' : what === 'region' ? 'AWS region for the SES explorer' : 'AWS profile and region for the SES explorer';
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: session ? `Now: ${session.connection.profileLabel} in ${session.connection.region}` : undefined, matchOnDescription: true });
  await picked?.apply?.();
}
