/**
 * Which hosted zone a push goes to: the one whose name is the longest whole-label suffix of the
 * records' names (www.example.com goes to example.com., never to badexample.com.; a delegated
 * sub.example.com. zone wins over example.com.). Route 53 allows several zones of one name (a
 * public and a private one, or two of either), and only the user knows which is meant: then the
 * caller must ask. `zones` is every page of ListHostedZones.
 */
import { displayRoute53Name, isAtOrBelow, normalizeRoute53Name, route53NameLabels } from './names';
import type { HostedZoneSummary } from './types';

export type ZoneChoice =
  | { kind: 'found'; zone: HostedZoneSummary }
  /** Several zones share the best name: ask which (the public and the private one, usually). */
  | { kind: 'ask'; zoneName: string; candidates: HostedZoneSummary[]; message: string }
  | { kind: 'none'; message: string }
  /** The names belong to different zones: push them separately. */
  | { kind: 'mixed'; message: string; zoneNames: string[] };

function describe(zone: HostedZoneSummary): string {
  return `${zone.PrivateZone ? 'private' : 'public'} ${zone.Id.replace(/^\/hostedzone\//, '')}`;
}

/** The zones whose name is the longest whole-label suffix of `name` (several when names repeat). */
function bestZones(zones: readonly HostedZoneSummary[], name: string): HostedZoneSummary[] {
  let best: HostedZoneSummary[] = [];
  let bestDepth = -1;
  for (const zone of zones) {
    if (!isAtOrBelow(name, zone.Name)) continue;
    const depth = route53NameLabels(zone.Name).length;
    if (depth > bestDepth) {
      best = [zone];
      bestDepth = depth;
    } else if (depth === bestDepth) best.push(zone);
  }
  return best;
}

/**
 * The hosted zone for a set of names (Route 53 or zone-file spelling, e.g. the canonical names of
 * the rrsets a push touches). Names no zone covers do not decide the choice (the plan reports them
 * as outside the zone); when no name is covered the answer is `none`.
 */
export function chooseHostedZone(zones: readonly HostedZoneSummary[], names: readonly string[]): ZoneChoice {
  const byZoneName = new Map<string, HostedZoneSummary[]>();
  const uncovered: string[] = [];
  for (const name of names) {
    const best = bestZones(zones, name);
    if (best.length === 0) uncovered.push(name);
    else byZoneName.set(normalizeRoute53Name(best[0].Name), best);
  }
  if (byZoneName.size === 0) {
    const shown = (uncovered.length > 0 ? uncovered : names).slice(0, 3).map(displayRoute53Name).join(', ');
    return {
      kind: 'none',
      message: names.length === 0
        ? 'There are no records to push.'
        : `No hosted zone of this AWS account covers ${shown}. Create the hosted zone in Route 53, or choose the AWS profile of the account that has it.`,
    };
  }
  if (byZoneName.size > 1) {
    const zoneNames = [...byZoneName.keys()].sort();
    return {
      kind: 'mixed',
      zoneNames,
      message: `These records belong to ${zoneNames.length} hosted zones (${zoneNames.map(displayRoute53Name).join(', ')}); a push goes to one zone. Push the records of each zone separately.`,
    };
  }
  const [zoneName, candidates] = [...byZoneName.entries()][0];
  if (candidates.length === 1) return { kind: 'found', zone: candidates[0] };
  const publicAndPrivate = candidates.some((z) => z.PrivateZone) && candidates.some((z) => !z.PrivateZone);
  return {
    kind: 'ask',
    zoneName,
    candidates,
    message: `${candidates.length} hosted zones are named ${displayRoute53Name(zoneName)} (${candidates.map(describe).join(', ')})${publicAndPrivate ? ': a public one answers the internet, a private one only its VPCs' : ''}. Choose the zone to push to.`,
  };
}
