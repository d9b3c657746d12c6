import { AWS_REGION_PATTERN } from '../ses/sesRegions';

/** `arn:partition:service:region:account:resource` (AWS General Reference, "Amazon Resource Names"). */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export type ArnKind = 'lambda-function' | 'sns-topic' | 'kms-key' | 'iam-role' | 'workmail-organization' | 'connect-instance';

const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

interface KindRule {
  service: string;
  label: string;
  /** Whether the resource lives in a region (IAM is global). */
  regional: boolean;
  resource: RegExp;
  format: string;
  reference: string;
}

export const ARN_KINDS: Readonly<Record<ArnKind, KindRule>> = {
  'lambda-function': {
    service: 'lambda', label: 'Lambda function', regional: true,
    resource: /^function:[A-Za-z0-9_-]{1,64}(:(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/,
    format: 'arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>]',
    reference: 'Amazon SES API Reference, LambdaAction; AWS Lambda API Reference, FunctionName',
  },
  'sns-topic': {
    service: 'sns', label: 'SNS topic', regional: true,
    resource: /^[A-Za-z0-9_-]{1,256}(\.fifo)?$/,
    format: 'arn:aws:sns:<region>:<account>:<topic name>',
    reference: 'Amazon SES API Reference, SNSAction; Amazon SNS API Reference, CreateTopic',
  },
  'kms-key': {
    service: 'kms', label: 'KMS key', regional: true,
    resource: new RegExp(`^(key/(${UUID}|mrk-[0-9a-f]{32})|alias/[A-Za-z0-9/_-]{1,250})$`),
    format: 'arn:aws:kms:<region>:<account>:key/<key id> or arn:aws:kms:<region>:<account>:alias/aws/ses',
    reference: 'Amazon SES API Reference, S3Action KmsKeyArn',
  },
  'iam-role': {
    service: 'iam', label: 'IAM role', regional: false,
    resource: /^role\/(?:[\x21-\x7e]+\/)*[\w+=,.@-]{1,64}$/,
    format: 'arn:aws:iam::<account>:role/<name>',
    reference: 'IAM User Guide, IAM identifiers',
  },
  'workmail-organization': {
    service: 'workmail', label: 'WorkMail organization', regional: true,
    resource: /^organization\/m-[A-Za-z0-9]+$/,
    format: 'arn:aws:workmail:<region>:<account>:organization/m-<id>',
    reference: 'Amazon SES API Reference, WorkmailAction',
  },
  'connect-instance': {
    service: 'connect', label: 'Amazon Connect instance', regional: true,
    resource: new RegExp(`^instance/${UUID}$`),
    format: 'arn:aws:connect:<region>:<account>:instance/<instance id>',
    reference: 'Amazon SES API Reference, ConnectAction',
  },
};

export function parseArn(text: string): Arn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, account, ...rest] = parts;
  return { partition, service, region, account, resource: rest.join(':') };
}

/** What is wrong with `text` as an ARN of `kind`, or undefined when it is one. */
export function arnProblem(text: string, kind: ArnKind): string | undefined {
  const rule = ARN_KINDS[kind];
  const arn = parseArn(text);
  if (!arn) return `"${text}" is not an ARN`;
  if (!PARTITIONS.has(arn.partition)) return `"${arn.partition}" is not an AWS partition (aws, aws-cn, aws-us-gov, …)`;
  if (arn.service !== rule.service) return `it names the ${arn.service || 'empty'} service, not ${rule.service}`;
  if (rule.regional && !AWS_REGION_PATTERN.test(arn.region)) return arn.region ? `"${arn.region}" is not an AWS region` : 'the region is missing';
  if (!rule.regional && arn.region !== '') return `${rule.label} ARNs have no region (the field between "${rule.service}:" and the account is empty)`;
  if (!/^\d{12}$/.test(arn.account)) return `"${arn.account}" is not a 12-digit account ID`;
  if (kind === 'sns-topic' && arn.resource.includes(':')) return 'this is a subscription ARN, not a topic ARN';
  if (!rule.resource.test(arn.resource)) return `"${arn.resource}" is not a ${rule.label} resource`;
  return undefined;
}
