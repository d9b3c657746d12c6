/**
 * Regions where Amazon SES receives mail (inbound-smtp.<region>.amazonaws.com).
 * Source: Amazon SES Developer Guide, "Email receiving endpoints" (docs.aws.amazon.com/ses/latest/dg/regions.html#region-receive-email).
 * This is the one place to update when AWS adds a region.
 */
export const SES_RECEIVING_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-1',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1',
  'sa-east-1', 'af-south-1', 'me-south-1', 'il-central-1',
];

/** Region names as AWS writes them, to tell a typo from a region without receiving. */
export const AWS_REGION_PATTERN = /^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-(north|south|east|west|central|northeast|southeast|northwest|southwest)-\d$/;
