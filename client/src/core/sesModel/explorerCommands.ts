/** Ids of the AWS explorer's commands, views and context keys, shared by view models and adapters. */
export const AWS_COMMANDS = {
  refreshIdentities: 'emailAuth.aws.refreshIdentities',
  refreshRuleSets: 'emailAuth.aws.refreshRuleSets',
  loadMore: 'emailAuth.aws.loadMore',
  retry: 'emailAuth.aws.retry',
  generateDnsRecords: 'emailAuth.aws.generateDnsRecords',
  checkDns: 'emailAuth.aws.checkDns',
  copyArn: 'emailAuth.aws.copyArn',
  openRuleAsJson: 'emailAuth.aws.openRuleAsJson',
  saveRuleAsFile: 'emailAuth.aws.saveRuleAsFile',
  selectProfile: 'emailAuth.aws.selectProfile',
  selectRegion: 'emailAuth.aws.selectRegion',
  switchConnection: 'emailAuth.aws.switchConnection',
} as const;

export const AWS_VIEWS = {
  identities: 'emailAuth.identities',
  ruleSets: 'emailAuth.ruleSets',
} as const;

/** Context key set while the credential chain finds nothing: the views then show their welcome. */
export const NO_CREDENTIALS_CONTEXT = 'emailAuth.aws.noCredentials';

/** URI scheme of the read-only receipt rule documents ("Open as JSON"). */
export const RULE_DOCUMENT_SCHEME = 'email-auth-ses';
