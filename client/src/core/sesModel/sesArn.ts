/** ARNs of SES identities: arn:<partition>:ses:<region>:<account>:identity/<name>. */

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export const ACCOUNT_ID = /^\d{12}$/;

export function identityArn(region: string, accountId: string, identity: string): string {
  return `arn:${partitionOf(region)}:ses:${region}:${accountId}:identity/${identity}`;
}
