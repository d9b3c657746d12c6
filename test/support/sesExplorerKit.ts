/**
 * For the SES explorer tests: a seed for the local AWS endpoint, shared AWS config and credentials
 * files holding its keys, and sessions built the way the extension builds them (profile files →
 * connection → credential chain → real SDK clients over HTTP to 127.0.0.1).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalAwsSeed } from '../../local-aws/index';
import { listAwsProfiles, sharedFilePaths, type SharedFilePaths } from '../../client/src/aws/awsProfiles';
import { resolveConnection } from '../../client/src/aws/awsConnection';
import { SesExplorerSession, type SessionOptions } from '../../client/src/aws/sesExplorerSession';
import { RequestPacer } from '../../client/src/aws/requestPacer';

// The metadata service is the chain's last resort; off, so "no credentials" stays on loopback.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

export const ACCOUNT = '123456789012';
export const KEYS = {
  demo: { id: 'AKIAIOSFODNN7EXAMPLE', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  denied: { id: 'AKIAI44QH8DHBEXAMPLE', secret: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' },
  expired: { id: 'ASIAJEXAMPLEXEG2JICE', secret: '9drTJvcXLB89EXAMPLELB8923FB892xMFI7EXAMP' },
};

/** Rule sets and identities a person would have: one active set, one domain receiving mail. */
export function explorerSeed(): LocalAwsSeed {
  return {
    accountId: ACCOUNT,
    credentials: [
      { accessKeyId: KEYS.demo.id, secretAccessKey: KEYS.demo.secret },
      { accessKeyId: KEYS.denied.id, secretAccessKey: KEYS.denied.secret, denied: ['ses:ListReceiptRuleSets'] },
      { accessKeyId: KEYS.expired.id, secretAccessKey: KEYS.expired.secret, expired: true },
    ],
    ses: {
      identities: [
        { IdentityName: 'example.com', MailFromAttributes: { MailFromDomain: 'mail.example.com', MailFromDomainStatus: 'SUCCESS' }, ConfigurationSetName: 'transactional' },
        { IdentityName: 'support@example.com' },
        { IdentityName: 'news.example.net', VerificationStatus: 'PENDING' },
        { IdentityName: 'example.org' },
        { IdentityName: 'alerts@example.org' },
      ],
      receiptRuleSets: [
        {
          Name: 'inbound',
          active: true,
          Rules: [
            {
              Name: 'store-support',
              Enabled: true,
              TlsPolicy: 'Require',
              Recipients: ['support@example.com', 'example.com'],
              Actions: [{ S3Action: { BucketName: 'example-inbound-mail', ObjectKeyPrefix: 'support/' } }, { SNSAction: { TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:inbound-mail`, Encoding: 'UTF-8' } }],
              ScanEnabled: true,
            },
            { Name: 'bounce-rest', Enabled: false, Actions: [{ BounceAction: { SmtpReplyCode: '550', StatusCode: '5.1.1', Message: 'Unknown user', Sender: 'postmaster@example.com' } }, { StopAction: { Scope: 'RuleSet' } }] },
          ],
        },
        { Name: 'archive', Rules: [] },
      ],
      regions: { 'ap-northeast-3': {} },
    },
  };
}

export interface ProfileFiles extends SharedFilePaths {
  dir: string;
}

/** ~/.aws/config and ~/.aws/credentials in a temporary directory, with a profile per key. */
export function writeProfileFiles(): ProfileFiles {
  const dir = mkdtempSync(join(tmpdir(), 'email-auth-aws-'));
  const config = join(dir, 'config');
  const credentials = join(dir, 'credentials');
  writeFileSync(config, ['[default]', 'region = eu-west-1', '', '[profile demo]', 'region = us-east-1', 's3 =', '  max_concurrent_requests = 2', '', '[profile denied]', '[profile expired]', '', '[sso-session corp]', 'sso_region = us-east-1', ''].join('\n'));
  writeFileSync(
    credentials,
    [
      '[demo]', `aws_access_key_id = ${KEYS.demo.id}`, `aws_secret_access_key = ${KEYS.demo.secret}`, `aws_account_id = ${ACCOUNT}`, '',
      '[denied]', `aws_access_key_id = ${KEYS.denied.id}`, `aws_secret_access_key = ${KEYS.denied.secret}`, '',
      '# expired session keys', '[expired]', `aws_access_key_id = ${KEYS.expired.id}`, `aws_secret_access_key = ${KEYS.expired.secret}`, 'aws_session_token = FwoGZXIvYXdzEXAMPLE', '',
    ].join('\n'),
  );
  return { dir, config, credentials };
}

export async function openSession(
  files: ProfileFiles,
  settings: { profile?: string; region?: string; endpoint: string },
  options: SessionOptions = {},
): Promise<SesExplorerSession> {
  const paths = sharedFilePaths({ AWS_CONFIG_FILE: files.config, AWS_SHARED_CREDENTIALS_FILE: files.credentials }, files.dir);
  const connection = resolveConnection(settings, await listAwsProfiles(paths), paths, {});
  return new SesExplorerSession(connection, { pacer: new RequestPacer(0), ...options });
}
