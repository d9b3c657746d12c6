// The local AWS endpoint through the real Route 53 client: zones, paging in Route 53's order, and
// ChangeResourceRecordSets with AWS's rules (whole batch or nothing, exact DELETE, limits).
import { strict as assert } from 'node:assert';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  ChangeResourceRecordSetsCommand, GetChangeCommand, GetHostedZoneCommand, InvalidChangeBatch, InvalidInput, ListHostedZonesByNameCommand,
  ListHostedZonesCommand, ListResourceRecordSetsCommand, NoSuchChange, NoSuchHostedZone, Route53Client, type Change, type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { readSeedFile, startLocalAws, type LocalAws, type LocalAwsSeed } from '../../local-aws';

const credentials = { accessKeyId: 'AKIATESTROUTE5300001', secretAccessKey: 'route53-test-secret' };
const quoted = (text: string): string => `"${text}"`;

const seed: LocalAwsSeed = {
  credentials: [credentials],
  route53: {
    hostedZones: [
      {
        Id: 'ZPUBLIC', Name: 'example.com', Config: { PrivateZone: false, Comment: 'public' },
        ResourceRecordSets: [
          { Name: 'example.com.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: quoted('google-site-verification=abc') }, { Value: quoted('v=spf1 -all') }] },
          { Name: 'www.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }] },
          { Name: 'a.example.com.', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: quoted('a') }] },
          { Name: 'a-b.example.com.', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: quoted('a-b') }] },
          { Name: '_dmarc.example.com.', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: quoted('v=DMARC1; p=none') }] },
          { Name: '*.example.com.', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: quoted('wild') }] },
          { Name: 'alias.example.com.', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'www.example.com' }] },
          { Name: 'api.example.com.', Type: 'A', SetIdentifier: 'us', Weight: 10, TTL: 60, ResourceRecords: [{ Value: '198.51.100.1' }] },
          { Name: 'api.example.com.', Type: 'A', SetIdentifier: 'eu', Weight: 20, TTL: 60, ResourceRecords: [{ Value: '198.51.100.2' }] },
          ...Array.from({ length: 20 }, (_, i) => ({ Name: `host${String(i).padStart(2, '0')}.example.com`, Type: 'A', TTL: 60, ResourceRecords: [{ Value: `192.0.2.${i + 10}` }] })),
        ],
      },
      { Id: 'ZPRIVATE', Name: 'example.com.', Config: { PrivateZone: true }, VPCs: [{ VPCRegion: 'us-east-1', VPCId: 'vpc-1' }] },
      { Id: 'ZORG', Name: 'example.org.' },
      { Id: 'ZSUB', Name: 'sub.example.com.' },
      { Id: 'ZNET', Name: 'example.net.' },
      { Id: 'ZAAA', Name: 'aaa.test.' },
      { Id: 'ZZZZ', Name: 'zzz.test.' },
    ],
  },
};

let endpoint: LocalAws;
const route53 = () => new Route53Client({ endpoint: endpoint.url, region: 'us-east-1', credentials, maxAttempts: 1 });

async function listAll(zoneId: string, pageSize?: number): Promise<ResourceRecordSet[]> {
  const all: ResourceRecordSet[] = [];
  let start: { StartRecordName?: string; StartRecordType?: string; StartRecordIdentifier?: string } = {};
  for (;;) {
    const page = await route53().send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: pageSize, ...start } as never));
    all.push(...(page.ResourceRecordSets ?? []));
    if (!page.IsTruncated) return all;
    start = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType, StartRecordIdentifier: page.NextRecordIdentifier };
  }
}

function changeBatch(zoneId: string, changes: Change[]) {
  return route53().send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }));
}

async function rejectsBatch(promise: Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof InvalidChangeBatch, `InvalidChangeBatch expected, got ${String(error)}`);
    assert.equal(error.message, message);
    assert.equal(error.$metadata.httpStatusCode, 400);
    return true;
  });
}

function txt(name: string, ttl: number, ...values: string[]): ResourceRecordSet {
  return { Name: name, Type: 'TXT', TTL: ttl, ResourceRecords: values.map((value) => ({ Value: value })) };
}

before(async () => {
  endpoint = await startLocalAws({ seed, insyncDelayMs: 60_000 });
});
beforeEach(() => endpoint.reset());
after(async () => {
  await endpoint.close();
});

describe('hosted zones', () => {
  test('ListHostedZones pages with MaxItems and NextMarker through every zone', async () => {
    const ids: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await route53().send(new ListHostedZonesCommand({ MaxItems: 3, Marker: marker }));
      pages++;
      ids.push(...(page.HostedZones ?? []).map((zone) => zone.Id ?? ''));
      marker = page.IsTruncated ? page.NextMarker : undefined;
    } while (marker);
    assert.equal(pages, 3);
    assert.deepEqual(ids, ['ZPUBLIC', 'ZPRIVATE', 'ZORG', 'ZSUB', 'ZNET', 'ZAAA', 'ZZZZ'].map((id) => `/hostedzone/${id}`));
  });

  test('ListHostedZonesByName sorts by reversed labels and pages with NextDNSName and NextHostedZoneId', async () => {
    const seen: string[] = [];
    let next: { DNSName?: string; HostedZoneId?: string } = {};
    do {
      const page = await route53().send(new ListHostedZonesByNameCommand({ MaxItems: 2, ...next }));
      seen.push(...(page.HostedZones ?? []).map((zone) => `${zone.Name} ${zone.Id} ${zone.Config?.PrivateZone}`));
      next = page.IsTruncated ? { DNSName: page.NextDNSName, HostedZoneId: page.NextHostedZoneId } : {};
    } while (next.DNSName);
    assert.deepEqual(seen, [
      'example.com. /hostedzone/ZPRIVATE true',
      'example.com. /hostedzone/ZPUBLIC false',
      'sub.example.com. /hostedzone/ZSUB false',
      'example.net. /hostedzone/ZNET false',
      'example.org. /hostedzone/ZORG false',
      'aaa.test. /hostedzone/ZAAA false',
      'zzz.test. /hostedzone/ZZZZ false',
    ]);
  });

  test('ListHostedZonesByName starts at the first zone at or after DNSName', async () => {
    const page = await route53().send(new ListHostedZonesByNameCommand({ DNSName: 'Example.NET' }));
    assert.deepEqual(page.HostedZones?.map((zone) => zone.Name), ['example.net.', 'example.org.', 'aaa.test.', 'zzz.test.']);
    assert.equal(page.DNSName, 'Example.NET');
    assert.equal(page.IsTruncated, false);
  });

  test('GetHostedZone shows name servers for a public zone and VPCs for a private one', async () => {
    const publicZone = await route53().send(new GetHostedZoneCommand({ Id: '/hostedzone/ZPUBLIC' }));
    assert.equal(publicZone.HostedZone?.Config?.PrivateZone, false);
    assert.equal(publicZone.DelegationSet?.NameServers?.length, 4);
    assert.equal(publicZone.VPCs, undefined);
    assert.equal(publicZone.HostedZone?.ResourceRecordSetCount, 31, '29 seeded rrsets plus the SOA and apex NS every zone has');
    const privateZone = await route53().send(new GetHostedZoneCommand({ Id: 'ZPRIVATE' }));
    assert.equal(privateZone.HostedZone?.Config?.PrivateZone, true);
    assert.deepEqual(privateZone.VPCs, [{ VPCRegion: 'us-east-1', VPCId: 'vpc-1' }]);
    assert.equal(privateZone.DelegationSet, undefined);
  });

  test('an unknown zone raises the typed NoSuchHostedZone', async () => {
    await assert.rejects(route53().send(new GetHostedZoneCommand({ Id: 'ZNOPE' })), (error: unknown) => {
      assert.ok(error instanceof NoSuchHostedZone);
      assert.equal(error.message, 'No hosted zone found with ID: ZNOPE');
      return true;
    });
    await assert.rejects(listAll('ZNOPE'), NoSuchHostedZone);
  });
});

describe('ListResourceRecordSets', () => {
  test('lists in Route 53 order: labels reversed, compared as ASCII with the dots, then type, then identifier', async () => {
    const names = (await listAll('ZPUBLIC')).slice(0, 12).map((rrset) => `${rrset.Name} ${rrset.Type}${rrset.SetIdentifier ? ` ${rrset.SetIdentifier}` : ''}`);
    assert.deepEqual(names, [
      'example.com. NS',
      'example.com. SOA',
      'example.com. TXT',
      '\\052.example.com. TXT',
      '_dmarc.example.com. TXT',
      'a-b.example.com. TXT',
      'a.example.com. TXT',
      'alias.example.com. CNAME',
      'api.example.com. A eu',
      'api.example.com. A us',
      'host00.example.com. A',
      'host01.example.com. A',
    ]);
  });

  test('paging with MaxItems and the Next* position gives the full list exactly once', async () => {
    const whole = await listAll('ZPUBLIC');
    assert.equal(whole.length, 31);
    for (const size of [1, 7, 9]) assert.deepEqual(await listAll('ZPUBLIC', size), whole, `pages of ${size}`);
  });

  test('a page boundary inside a weighted set carries NextRecordIdentifier', async () => {
    const page = await route53().send(new ListResourceRecordSetsCommand({ HostedZoneId: 'ZPUBLIC', StartRecordName: 'api.example.com', StartRecordType: 'A', MaxItems: 1 }));
    assert.equal(page.ResourceRecordSets?.[0].SetIdentifier, 'eu');
    assert.deepEqual([page.NextRecordName, page.NextRecordType, page.NextRecordIdentifier], ['api.example.com.', 'A', 'us']);
  });

  test('StartRecordName is case-insensitive and needs no trailing dot', async () => {
    const page = await route53().send(new ListResourceRecordSetsCommand({ HostedZoneId: 'ZPUBLIC', StartRecordName: 'WWW.Example.COM', MaxItems: 1 }));
    assert.equal(page.ResourceRecordSets?.[0].Name, 'www.example.com.');
    assert.equal(page.IsTruncated, false);
  });

  test('a StartRecordType without a StartRecordName is InvalidInput', async () => {
    await assert.rejects(route53().send(new ListResourceRecordSetsCommand({ HostedZoneId: 'ZPUBLIC', StartRecordType: 'TXT' })), InvalidInput);
  });
});

describe('ChangeResourceRecordSets', () => {
  test('CREATE of an existing rrset fails with the AWS message', async () => {
    await rejectsBatch(
      changeBatch('ZPUBLIC', [{ Action: 'CREATE', ResourceRecordSet: txt('Example.com', 300, quoted('new')) }]),
      "[Tried to create resource record set [name='example.com.', type='TXT'] but it already exists]",
    );
  });

  test('DELETE must match TTL and every value', async () => {
    const current = txt('example.com.', 300, quoted('google-site-verification=abc'), quoted('v=spf1 -all'));
    const mismatch = "[Tried to delete resource record set [name='example.com.', type='TXT'] but the values provided do not match the current values]";
    await rejectsBatch(changeBatch('ZPUBLIC', [{ Action: 'DELETE', ResourceRecordSet: { ...current, TTL: 301 } }]), mismatch);
    await rejectsBatch(changeBatch('ZPUBLIC', [{ Action: 'DELETE', ResourceRecordSet: txt('example.com.', 300, quoted('v=spf1 -all')) }]), mismatch);
    await rejectsBatch(
      changeBatch('ZPUBLIC', [{ Action: 'DELETE', ResourceRecordSet: txt('gone.example.com.', 300, quoted('x')) }]),
      "[Tried to delete resource record set [name='gone.example.com.', type='TXT'] but it was not found]",
    );
    await changeBatch('ZPUBLIC', [{ Action: 'DELETE', ResourceRecordSet: current }]);
    assert.equal((await listAll('ZPUBLIC')).some((rrset) => rrset.Name === 'example.com.' && rrset.Type === 'TXT'), false);
  });

  test('a failing change leaves the whole batch unapplied', async () => {
    const before = await listAll('ZPUBLIC');
    await rejectsBatch(changeBatch('ZPUBLIC', [
      { Action: 'UPSERT', ResourceRecordSet: txt('new.example.com.', 60, quoted('fresh')) },
      { Action: 'DELETE', ResourceRecordSet: { Name: 'www.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }] } },
      { Action: 'CREATE', ResourceRecordSet: txt('a.example.com.', 60, quoted('again')) },
    ]), "[Tried to create resource record set [name='a.example.com.', type='TXT'] but it already exists]");
    assert.deepEqual(await listAll('ZPUBLIC'), before);
  });

  test('UPSERT creates a missing rrset and replaces an existing one', async () => {
    await changeBatch('ZPUBLIC', [
      { Action: 'UPSERT', ResourceRecordSet: txt('new.example.com', 60, quoted('one')) },
      { Action: 'UPSERT', ResourceRecordSet: txt('a.example.com', 120, quoted('replaced'), quoted('second')) },
    ]);
    const all = await listAll('ZPUBLIC');
    assert.deepEqual(all.find((rrset) => rrset.Name === 'new.example.com.'), txt('new.example.com.', 60, quoted('one')));
    assert.deepEqual(all.find((rrset) => rrset.Name === 'a.example.com.'), txt('a.example.com.', 120, quoted('replaced'), quoted('second')));
  });

  test('DELETE plus CREATE of one rrset is a compare-and-swap: a stale DELETE fails the batch', async () => {
    const current = txt('example.com.', 300, quoted('google-site-verification=abc'), quoted('v=spf1 -all'));
    const mine = txt('example.com.', 300, quoted('google-site-verification=abc'), quoted('v=spf1 include:amazonses.com -all'));
    await changeBatch('ZPUBLIC', [{ Action: 'DELETE', ResourceRecordSet: current }, { Action: 'CREATE', ResourceRecordSet: mine }]);
    // Someone else's push, made from the same stale read, must not overwrite mine.
    const theirs = txt('example.com.', 300, quoted('google-site-verification=abc'), quoted('v=spf1 include:_spf.google.com -all'));
    await rejectsBatch(
      changeBatch('ZPUBLIC', [{ Action: 'DELETE', ResourceRecordSet: current }, { Action: 'CREATE', ResourceRecordSet: theirs }]),
      "[Tried to delete resource record set [name='example.com.', type='TXT'] but the values provided do not match the current values, Tried to create resource record set [name='example.com.', type='TXT'] but it already exists]",
    );
    assert.deepEqual((await listAll('ZPUBLIC')).find((rrset) => rrset.Name === 'example.com.' && rrset.Type === 'TXT'), mine);
  });

  test('any other repetition of one rrset in a batch is refused', async () => {
    await rejectsBatch(changeBatch('ZPUBLIC', [
      { Action: 'UPSERT', ResourceRecordSet: txt('twice.example.com.', 60, quoted('1')) },
      { Action: 'UPSERT', ResourceRecordSet: txt('TWICE.example.com', 60, quoted('2')) },
    ]), "[The request contains an invalid set of changes for a resource record set 'TXT twice.example.com.']");
  });

  test('wildcard and upper-case names are stored as \\052 and lower case, and found again either way', async () => {
    await changeBatch('ZPUBLIC', [{ Action: 'CREATE', ResourceRecordSet: txt('*.Sub.EXAMPLE.com', 60, quoted('w')) }]);
    assert.ok((await listAll('ZPUBLIC')).some((rrset) => rrset.Name === '\\052.sub.example.com.'));
    await changeBatch('ZPUBLIC', [{ Action: 'DELETE', ResourceRecordSet: txt('\\052.sub.example.com.', 60, quoted('w')) }]);
    assert.equal((await listAll('ZPUBLIC')).some((rrset) => rrset.Name === '\\052.sub.example.com.'), false);
  });

  test('at most 1000 records a batch, UPSERT counted twice', async () => {
    const values = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => ({ Value: `10.${prefix}.${Math.floor(i / 250)}.${i % 250}` }));
    const rrset = (name: string, count: number): ResourceRecordSet => ({ Name: name, Type: 'A', TTL: 60, ResourceRecords: values(count, '1') });
    await rejectsBatch(changeBatch('ZPUBLIC', [
      { Action: 'CREATE', ResourceRecordSet: rrset('m1.example.com', 500) },
      { Action: 'CREATE', ResourceRecordSet: rrset('m2.example.com', 501) },
    ]), '[Number of records limit of 1000 exceeded.]');
    await rejectsBatch(changeBatch('ZPUBLIC', [{ Action: 'UPSERT', ResourceRecordSet: rrset('m3.example.com', 501) }]), '[Number of records limit of 1000 exceeded.]');
    await changeBatch('ZPUBLIC', [{ Action: 'UPSERT', ResourceRecordSet: rrset('m4.example.com', 500) }]);
    await changeBatch('ZPUBLIC', [
      { Action: 'CREATE', ResourceRecordSet: rrset('m5.example.com', 500) },
      { Action: 'CREATE', ResourceRecordSet: rrset('m6.example.com', 500) },
    ]);
  });

  test('at most 32,000 value characters a batch, UPSERT counted twice', async () => {
    const value = quoted('x'.repeat(248)); // 250 characters
    const rrset = (name: string, count: number): ResourceRecordSet => ({ Name: name, Type: 'TXT', TTL: 60, ResourceRecords: Array.from({ length: count }, (_, i) => ({ Value: `${value.slice(0, -4)}${String(i).padStart(3, '0')}"` })) });
    await rejectsBatch(changeBatch('ZPUBLIC', [{ Action: 'CREATE', ResourceRecordSet: rrset('big.example.com', 129) }]), '[RDATA character limit of 32000 exceeded.]');
    await rejectsBatch(changeBatch('ZPUBLIC', [{ Action: 'UPSERT', ResourceRecordSet: rrset('big.example.com', 65) }]), '[RDATA character limit of 32000 exceeded.]');
    await changeBatch('ZPUBLIC', [{ Action: 'CREATE', ResourceRecordSet: rrset('big.example.com', 128) }]);
  });

  test('TXT values must be quoted strings of at most 255 octets each', async () => {
    const bad = (value: string, problem: string) => rejectsBatch(
      changeBatch('ZPUBLIC', [{ Action: 'UPSERT', ResourceRecordSet: txt('t.example.com', 60, value) }]),
      `[Invalid Resource Record: FATAL problem: ${problem} encountered with '${value}']`,
    );
    await bad('v=spf1 -all', 'InvalidCharacterString (Value should be enclosed in quotation marks)');
    await bad('"unterminated', 'InvalidCharacterString (Value should be enclosed in quotation marks)');
    await bad(quoted('a'.repeat(256)), 'CharacterStringTooLong (Value is too long)');
    await bad(quoted(`${'a'.repeat(255)}\\"`), 'CharacterStringTooLong (Value is too long)');
    await bad(quoted(`${'é'.repeat(128)}`), 'CharacterStringTooLong (Value is too long)');
    // 255 octets per string, several strings per value, escapes count one octet.
    const fine = [
      quoted('a'.repeat(255)), `${quoted('a'.repeat(255))} ${quoted('b'.repeat(100))}`, `${quoted('a')}${quoted('b')}`,
      quoted(`${'a'.repeat(254)}\\"`), quoted(`${'a'.repeat(252)}\\059`),
      // XML-special characters and spaces come back exactly as sent.
      quoted(`a&b<c>'d\\"e;f\\\\g`), `${quoted('  spaced  ')} ${quoted('é')}`,
    ];
    await changeBatch('ZPUBLIC', [{ Action: 'UPSERT', ResourceRecordSet: txt('t.example.com', 60, ...fine) }]);
    assert.deepEqual((await listAll('ZPUBLIC')).find((rrset) => rrset.Name === 't.example.com.')?.ResourceRecords?.map((record) => record.Value), fine);
  });

  test('CNAMEs share their name with nothing and never sit at the apex', async () => {
    await rejectsBatch(
      changeBatch('ZPUBLIC', [{ Action: 'CREATE', ResourceRecordSet: { Name: 'www.example.com', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'example.net' }] } }]),
      '[RRSet of type CNAME with DNS name www.example.com. is not permitted as it conflicts with other records with the same DNS name in zone example.com.]',
    );
    await rejectsBatch(
      changeBatch('ZPUBLIC', [{ Action: 'UPSERT', ResourceRecordSet: txt('alias.example.com', 60, quoted('x')) }]),
      '[RRSet of type TXT with DNS name alias.example.com. is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone example.com.]',
    );
    await rejectsBatch(
      changeBatch('ZPUBLIC', [{ Action: 'CREATE', ResourceRecordSet: { Name: 'example.com', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'example.net' }] } }]),
      '[RRSet of type CNAME with DNS name example.com. is not permitted at apex in zone example.com.]',
    );
    // Replacing the CNAME by a TXT in one batch is fine: the DELETE comes first.
    await changeBatch('ZPUBLIC', [
      { Action: 'DELETE', ResourceRecordSet: { Name: 'alias.example.com', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'www.example.com' }] } },
      { Action: 'CREATE', ResourceRecordSet: txt('alias.example.com', 60, quoted('x')) },
    ]);
  });

  test('names outside the zone, the SOA and the apex NS are refused', async () => {
    await rejectsBatch(changeBatch('ZPUBLIC', [{ Action: 'CREATE', ResourceRecordSet: txt('www.example.org', 60, quoted('x')) }]), '[RRSet with DNS name www.example.org. is not permitted in zone example.com.]');
    const soa = (await listAll('ZPUBLIC')).find((rrset) => rrset.Type === 'SOA');
    assert.ok(soa);
    await rejectsBatch(changeBatch('ZPUBLIC', [{ Action: 'DELETE', ResourceRecordSet: soa }]), '[A HostedZone must contain exactly one SOA record.]');
  });

  test('a change is PENDING until the endpoint\'s INSYNC delay has passed', async () => {
    const submitted = await changeBatch('ZPUBLIC', [{ Action: 'UPSERT', ResourceRecordSet: txt('sync.example.com', 60, quoted('x')) }]);
    assert.equal(submitted.ChangeInfo?.Status, 'PENDING');
    assert.match(submitted.ChangeInfo?.Id ?? '', /^\/change\/C[0-9A-Z]+$/);
    assert.equal((await route53().send(new GetChangeCommand({ Id: submitted.ChangeInfo?.Id }))).ChangeInfo?.Status, 'PENDING');
    endpoint.setInsyncDelay(0);
    try {
      assert.equal((await route53().send(new GetChangeCommand({ Id: submitted.ChangeInfo?.Id }))).ChangeInfo?.Status, 'INSYNC');
    } finally {
      endpoint.setInsyncDelay(60_000);
    }
  });

  test('GetChange turns INSYNC by itself once the delay passes', async () => {
    endpoint.setInsyncDelay(100);
    try {
      const submitted = await changeBatch('ZPUBLIC', [{ Action: 'UPSERT', ResourceRecordSet: txt('later.example.com', 60, quoted('x')) }]);
      let status = submitted.ChangeInfo?.Status;
      for (let polls = 0; status !== 'INSYNC' && polls < 200; polls++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = (await route53().send(new GetChangeCommand({ Id: submitted.ChangeInfo?.Id }))).ChangeInfo?.Status;
      }
      assert.equal(status, 'INSYNC');
    } finally {
      endpoint.setInsyncDelay(60_000);
    }
  });

  test('an unknown change raises the typed NoSuchChange', async () => {
    await assert.rejects(route53().send(new GetChangeCommand({ Id: 'CNOSUCHCHANGE' })), NoSuchChange);
  });
});

describe('the demo seed', () => {
  test('has a public and a private example.com zone and TXT records to merge with', async () => {
    const demo = await startLocalAws({ seed: 'demo/aws/seed.json' });
    try {
      const client = new Route53Client({ endpoint: demo.url, region: 'us-east-1', credentials: readSeedFile('demo/aws/seed.json').credentials[0], maxAttempts: 1 });
      const zones = await client.send(new ListHostedZonesByNameCommand({ DNSName: 'example.com', MaxItems: 2 }));
      assert.deepEqual(zones.HostedZones?.map((zone) => [zone.Name, zone.Config?.PrivateZone]).sort(), [['example.com.', false], ['example.com.', true]]);
      const publicId = zones.HostedZones?.find((zone) => !zone.Config?.PrivateZone)?.Id;
      const apex = await client.send(new ListResourceRecordSetsCommand({ HostedZoneId: publicId, StartRecordName: 'example.com', StartRecordType: 'TXT', MaxItems: 1 }));
      const values = apex.ResourceRecordSets?.[0].ResourceRecords?.map((record) => record.Value) ?? [];
      assert.ok(values.some((value) => value?.startsWith('"google-site-verification=')));
      assert.ok(values.some((value) => value?.startsWith('"v=spf1 ')));
    } finally {
      await demo.close();
    }
  });
});
