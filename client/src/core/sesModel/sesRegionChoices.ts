/**
 * Regions offered by the region picker: where SES sends mail (Amazon SES endpoints and quotas,
 * docs.aws.amazon.com/general/latest/gr/ses.html), each marked with whether it receives.
 * The picker also takes any other region name typed in.
 */
import { SES_RECEIVING_REGIONS } from '../../../../server/src/service/ses/sesRegions';

const SES_SENDING_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'ca-west-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'ap-south-1', 'ap-south-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-5',
  'sa-east-1', 'af-south-1', 'me-south-1', 'me-central-1', 'il-central-1', 'us-gov-west-1', 'us-gov-east-1',
];

export interface RegionChoice {
  region: string;
  receives: boolean;
}

export function regionChoices(): RegionChoice[] {
  const all = [...new Set([...SES_SENDING_REGIONS, ...SES_RECEIVING_REGIONS])];
  return all.map((region) => ({ region, receives: SES_RECEIVING_REGIONS.includes(region) }));
}

export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;
