/** The "SES Identities" view: identities with their verification, DKIM and MAIL FROM state. */
import type { IdentityDetails, IdentitySummary, Paged } from './sesData';
import { CONTEXT, loadMoreNode, placeholderNode, type ViewNode } from './viewNodes';

const STATUS_WORDS: Record<string, string> = {
  SUCCESS: 'verified',
  PENDING: 'pending verification',
  FAILED: 'verification failed',
  TEMPORARY_FAILURE: 'temporary failure',
  NOT_STARTED: 'not started',
};

function statusIcon(status: string | undefined): string {
  switch (status) {
    case 'SUCCESS':
      return 'pass|testing.iconPassed';
    case 'FAILED':
      return 'error|errorForeground';
    case 'PENDING':
    case 'TEMPORARY_FAILURE':
      return 'watch|editorWarning.foreground';
    default:
      return 'circle-outline';
  }
}

export function isDomainIdentity(type: string): boolean {
  return type === 'DOMAIN' || type === 'MANAGED_DOMAIN';
}

export function identityRootNodes(page: Paged<IdentitySummary>, region: string): ViewNode[] {
  if (page.items.length === 0 && !page.nextToken) return [placeholderNode('identities', `No identities in ${region}`, `SES has no email identity in ${region}. Verify a domain or address in the SES console, or select another region.`)];
  const nodes = page.items.map((identity) => identityNode(identity));
  if (page.nextToken) nodes.push(loadMoreNode('identities'));
  return nodes;
}

export function identityNode(identity: IdentitySummary): ViewNode {
  const domain = isDomainIdentity(identity.type);
  const status = identity.verificationStatus ? (STATUS_WORDS[identity.verificationStatus] ?? identity.verificationStatus.toLowerCase()) : undefined;
  const sending = identity.sendingEnabled === false ? 'sending disabled' : undefined;
  return {
    id: `identity/${identity.name}`,
    kind: 'identity',
    label: identity.name,
    description: [status, sending].filter(Boolean).join(', ') || undefined,
    tooltip: `${identity.name}: ${domain ? 'domain' : 'email address'} identity${status ? `, ${status}` : ''}${sending ? `, ${sending}` : ''}`,
    icon: domain ? 'globe' : 'mail',
    contextValue: domain ? CONTEXT.domainIdentity : CONTEXT.emailIdentity,
    collapsible: 'collapsed',
    target: { type: 'identity', identity: identity.name, identityType: identity.type },
  };
}

/** Children of an identity, from GetEmailIdentity. */
export function identityDetailNodes(details: IdentityDetails): ViewNode[] {
  const base = `identity/${details.name}`;
  const info = (key: string, label: string, description: string, icon: string, tooltip?: string, children?: ViewNode[]): ViewNode => ({
    id: `${base}/${key}`,
    kind: 'identity-info',
    label,
    description,
    tooltip: tooltip ?? `${label}: ${description}`,
    icon,
    collapsible: children && children.length > 0 ? 'expanded' : 'none',
    children,
  });
  const nodes: ViewNode[] = [];
  nodes.push(info('verification', 'Verification', details.verificationStatus ?? 'unknown', statusIcon(details.verificationStatus), `Verification status: ${details.verificationStatus ?? 'unknown'}; ${details.verifiedForSending ? 'SES sends from it' : 'SES does not send from it yet'}`));

  const dkim = details.dkim;
  if (dkim) {
    const origin = dkim.origin === 'EXTERNAL' ? 'BYODKIM' : 'Easy DKIM';
    const signing = dkim.signingEnabled === false ? 'signing off' : 'signing on';
    const tokens = dkim.origin === 'EXTERNAL' ? [] : dkim.tokens.map((token, index): ViewNode => ({
      id: `${base}/dkim/${index}`,
      kind: 'dkim-token',
      label: `${token}._domainkey.${details.name}`,
      description: `CNAME ${token}.dkim.amazonses.com`,
      tooltip: `Easy DKIM token ${index + 1} of ${dkim.tokens.length}: publish ${token}._domainkey.${details.name} CNAME ${token}.dkim.amazonses.com`,
      icon: 'key',
      collapsible: 'none',
    }));
    nodes.push(info('dkim', 'DKIM', `${dkim.status ?? 'unknown'}, ${origin}, ${signing}`, statusIcon(dkim.status), `DKIM status ${dkim.status ?? 'unknown'} (${origin}, ${signing}${dkim.currentKeyLength ? `, ${dkim.currentKeyLength}` : ''})`, tokens));
  } else {
    nodes.push(info('dkim', 'DKIM', 'not configured', 'circle-outline'));
  }

  const mailFrom = details.mailFrom;
  if (mailFrom?.domain) {
    nodes.push(info('mail-from', 'MAIL FROM', `${mailFrom.domain} (${mailFrom.status ?? 'unknown'})`, statusIcon(mailFrom.status), `Custom MAIL FROM domain ${mailFrom.domain}: ${mailFrom.status ?? 'unknown'}${mailFrom.behaviorOnMxFailure ? `; on MX failure: ${mailFrom.behaviorOnMxFailure}` : ''}`));
  } else {
    nodes.push(info('mail-from', 'MAIL FROM', 'default (amazonses.com)', 'circle-outline', 'No custom MAIL FROM domain: SES uses a subdomain of amazonses.com, so SPF aligns only through DKIM.'));
  }
  if (details.feedbackForwarding !== undefined) nodes.push(info('feedback', 'Feedback forwarding', details.feedbackForwarding ? 'on' : 'off', 'feedback'));
  nodes.push(info('configuration-set', 'Configuration set', details.configurationSet ?? 'none', 'settings-gear'));
  return nodes;
}
