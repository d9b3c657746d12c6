/**
 * The SES explorer's gateways, cache and view models with the real AWS SDK v3 clients over HTTP
 * to the local AWS endpoint: what the two views show, paging, throttling survived, and the
 * failures people meet (access denied, expired or missing credentials, unreachable endpoint,
 * a region without receiving) as error nodes that say what to do.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { SESClient } from '@aws-sdk/client-ses';
import { easyDkimTokens, startLocalAws, type LocalAws } from '../../local-aws/index';
import { identityChildren, ruleSetChildren, retryPlan } from '../../client/src/views/explorerSources';
import { RequestPacer, type PacerClock } from '../../client/src/aws/requestPacer';
import { SesReceiptGateway } from '../../client/src/aws/sesReceiptGateway';
import { classifyAwsError } from '../../client/src/aws/awsErrors';
import { receiptRuleJson } from '../../client/src/core/sesModel/ruleDocument';
import type { ViewNode } from '../../client/src/core/sesModel/viewNodes';
import { ACCOUNT, KEYS, explorerSeed, openSession, writeProfileFiles, type ProfileFiles } from '../support/sesExplorerKit';

let aws: LocalAws;
let files: ProfileFiles;

before(async () => {
  aws = await startLocalAws({ seed: explorerSeed() });
  files = writeProfileFiles();
});
after(() => aws?.close());
beforeEach(() => aws.reset());

const labels = (nodes: ViewNode[]) => nodes.map((n) => n.label);
const find = (nodes: ViewNode[], label: string) => {
  const node = nodes.find((n) => n.label === label);
  assert.ok(node, `node "${label}" among ${JSON.stringify(labels(nodes))}`);
  return node;
};
const operations = (service: string) => aws.requests.filter((r) => r.service === service).map((r) => `${r.operation} ${r.status}${r.errorCode ? ` ${r.errorCode}` : ''}`);

/** Everything a test shows the user must be free of the keys it signed with. */
function assertNoSecrets(text: string): void {
  for (const key of Object.values(KEYS)) {
    assert.ok(!text.includes(key.id), `access key id leaked: ${text}`);
    assert.ok(!text.includes(key.secret), `secret key leaked: ${text}`);
  }
}

describe('SES Identities view', () => {
  test('lists every identity with its verification state, page by page through "Load more"', async () => {
    const session = await openSession(files, { profile: 'demo', endpoint: aws.url }, { identityPageSize: 2 });
    try {
      const first = await identityChildren(session);
      assert.deepEqual(labels(first.nodes), ['example.com', 'support@example.com', 'Load more…']);
      assert.equal(first.nodes[2].kind, 'load-more');
      await session.loadMoreIdentities();
      const second = await identityChildren(session);
      assert.deepEqual(labels(second.nodes), ['example.com', 'support@example.com', 'news.example.net', 'example.org', 'Load more…']);
      await session.loadMoreIdentities();
      const all = await identityChildren(session);
      assert.deepEqual(labels(all.nodes), ['example.com', 'support@example.com', 'news.example.net', 'example.org', 'alerts@example.org']);
      assert.equal(find(all.nodes, 'news.example.net').description, 'pending verification, sending disabled');
      assert.equal(find(all.nodes, 'example.com').description, 'verified');
      assert.equal(find(all.nodes, 'example.com').contextValue, 'emailAuth.identity.domain');
      assert.equal(find(all.nodes, 'support@example.com').contextValue, 'emailAuth.identity.email');
      // Three pages, each asked once: drawing the view again is served from the cache.
      await identityChildren(session);
      assert.deepEqual(operations('sesv2'), ['ListEmailIdentities 200', 'ListEmailIdentities 200', 'ListEmailIdentities 200']);
    } finally {
      session.dispose();
    }
  });

  test('an identity shows its DKIM tokens, MAIL FROM domain and configuration set', async () => {
    const session = await openSession(files, { profile: 'demo', endpoint: aws.url });
    try {
      const root = await identityChildren(session);
      const details = await identityChildren(session, find(root.nodes, 'example.com'));
      assert.deepEqual(labels(details.nodes), ['Verification', 'DKIM', 'MAIL FROM', 'Feedback forwarding', 'Configuration set']);
      const dkim = find(details.nodes, 'DKIM');
      assert.equal(dkim.description, 'SUCCESS, Easy DKIM, signing on');
      const tokens = easyDkimTokens('example.com');
      assert.deepEqual(labels((await identityChildren(session, dkim)).nodes), tokens.map((t) => `${t}._domainkey.example.com`));
      assert.deepEqual(dkim.children?.map((c) => c.description), tokens.map((t) => `CNAME ${t}.dkim.amazonses.com`));
      assert.equal(find(details.nodes, 'MAIL FROM').description, 'mail.example.com (SUCCESS)');
      assert.equal(find(details.nodes, 'Configuration set').description, 'transactional');
      const address = await identityChildren(session, find(root.nodes, 'support@example.com'));
      assert.equal(find(address.nodes, 'DKIM').description, 'NOT_STARTED, Easy DKIM, signing off');
      assert.equal(find(address.nodes, 'MAIL FROM').description, 'default (amazonses.com)');
    } finally {
      session.dispose();
    }
  });

  test('a region without identities gets a placeholder, not an empty view', async () => {
    const session = await openSession(files, { profile: 'demo', region: 'ap-northeast-3', endpoint: aws.url });
    try {
      const root = await identityChildren(session);
      assert.deepEqual(labels(root.nodes), ['No identities in ap-northeast-3']);
      assert.equal(root.nodes[0].kind, 'placeholder');
      assert.deepEqual(labels((await ruleSetChildren(session)).nodes), ['No receipt rule sets in ap-northeast-3']);
    } finally {
      session.dispose();
    }
  });
});

describe('Receipt Rule Sets view', () => {
  test('lists the rule sets with the active one marked, and its rules in order with their actions', async () => {
    const session = await openSession(files, { profile: 'demo', endpoint: aws.url });
    try {
      const root = await ruleSetChildren(session);
      assert.deepEqual(root.nodes.map((n) => `${n.label}${n.description ? ` (${n.description})` : ''}`), ['inbound (active)', 'archive']);
      const rules = await ruleSetChildren(session, find(root.nodes, 'inbound'));
      assert.deepEqual(labels(rules.nodes), ['store-support', 'bounce-rest']);
      assert.deepEqual(rules.nodes.map((n) => n.description), ['1', '2 · disabled']);
      assert.equal(rules.nodes[0].contextValue, 'emailAuth.receiptRule');
      const store = (await ruleSetChildren(session, rules.nodes[0])).nodes;
      assert.deepEqual(store.map((n) => `${n.label}: ${n.description}`), ['Enabled: yes', 'Recipients: support@example.com, example.com', 'TLS policy: Require', 'Spam and virus scanning: on', 'Actions: 2']);
      const actions = (await ruleSetChildren(session, find(store, 'Actions'))).nodes;
      assert.deepEqual(actions.map((n) => `${n.label}: ${n.description}`), ['1. Store in S3: s3://example-inbound-mail/support/', `2. Publish to SNS: arn:aws:sns:us-east-1:${ACCOUNT}:inbound-mail (UTF-8)`]);
      const bounce = (await ruleSetChildren(session, rules.nodes[1])).nodes;
      assert.deepEqual(labels((await ruleSetChildren(session, find(bounce, 'Actions'))).nodes), ['1. Bounce', '2. Stop']);
      assert.equal(find(bounce, 'Recipients').description, 'all verified domains');
      assert.deepEqual(labels((await ruleSetChildren(session, find(root.nodes, 'archive'))).nodes), ['No rules in this rule set']);
      // The active set's rules came with DescribeActiveReceiptRuleSet: no DescribeReceiptRuleSet for it.
      assert.deepEqual(operations('ses'), ['ListReceiptRuleSets 200', 'DescribeActiveReceiptRuleSet 200', 'DescribeReceiptRuleSet 200']);
    } finally {
      session.dispose();
    }
  });

  test('"Open as JSON" text is the rule as SES describes it', async () => {
    const session = await openSession(files, { profile: 'demo', endpoint: aws.url });
    try {
      const seeded = explorerSeed().ses!.receiptRuleSets![0].Rules![0];
      assert.deepEqual(JSON.parse(receiptRuleJson(await session.rule('inbound', 'store-support'))), seeded);
      // Not loaded with its set: read with DescribeReceiptRule, defaults as SES fills them in.
      const other = await openSession(files, { profile: 'demo', endpoint: aws.url });
      try {
        assert.deepEqual(JSON.parse(receiptRuleJson(await other.rule('inbound', 'bounce-rest'))), { ...explorerSeed().ses!.receiptRuleSets![0].Rules![1], TlsPolicy: 'Optional', ScanEnabled: false });
        assert.ok(operations('ses').includes('DescribeReceiptRule 200'));
      } finally {
        other.dispose();
      }
    } finally {
      session.dispose();
    }
  });

  test('every receipt request, retries after throttling included, waits a second for its turn', async () => {
    let now = 0;
    const clock: PacerClock = { now: () => now, sleep: async (ms) => void (now += ms) };
    const starts: number[] = [];
    const pacer = new RequestPacer(1000, clock);
    const turn = pacer.turn.bind(pacer);
    pacer.turn = async () => {
      await turn();
      starts.push(now);
    };
    aws.addFault({ service: 'ses', operation: 'ListReceiptRuleSets', error: 'Throttling', count: 2 });
    const session = await openSession(files, { profile: 'demo', endpoint: aws.url }, { pacer });
    try {
      const root = await ruleSetChildren(session);
      assert.deepEqual(labels(root.nodes), ['inbound', 'archive'], 'the throttling was survived');
      assert.deepEqual(operations('ses'), ['ListReceiptRuleSets 400 Throttling', 'ListReceiptRuleSets 400 Throttling', 'ListReceiptRuleSets 200', 'DescribeActiveReceiptRuleSet 200']);
      assert.equal(starts.length, 4, 'one turn per request that reached the endpoint');
      for (let i = 1; i < starts.length; i++) assert.ok(starts[i] - starts[i - 1] >= 1000, `requests ${i} and ${i + 1} are ${starts[i] - starts[i - 1]} ms apart`);
    } finally {
      session.dispose();
    }
  });

  test('throttling that outlasts the retries becomes an error node, and Retry then loads the view', async () => {
    aws.addFault({ service: 'sesv2', operation: 'ListEmailIdentities', error: 'Throttling', count: 2 });
    const session = await openSession(files, { profile: 'demo', endpoint: aws.url }, { maxAttempts: 2 });
    try {
      const failed = await identityChildren(session);
      assert.equal(failed.nodes.length, 1);
      const [error] = failed.nodes;
      assert.equal(error.kind, 'error');
      assert.equal(error.label, 'Failed to load: throttled');
      assert.match(error.tooltip ?? '', /limited the request rate \(TooManyRequestsException\).*Wait a moment, then retry/);
      assert.equal(error.command?.id, 'emailAuth.aws.retry');
      // The failure is cached: drawing the view again sends nothing.
      await identityChildren(session);
      assert.equal(operations('sesv2').length, 2);
      assert.equal(error.target?.type, 'retry');
      for (const key of retryPlan(error.target.type === 'retry' ? error.target.scope : { list: 'identities' }).forget) session.forget(key);
      assert.deepEqual(labels((await identityChildren(session)).nodes).slice(0, 2), ['example.com', 'support@example.com']);
    } finally {
      session.dispose();
    }
  });
});

describe('failures say what to do', () => {
  test('access denied names the operation and the IAM permission, never the key', async () => {
    const session = await openSession(files, { profile: 'denied', endpoint: aws.url });
    try {
      assert.ok((await identityChildren(session)).nodes.length > 1, 'identities are allowed for this key');
      const [node] = (await ruleSetChildren(session)).nodes;
      assert.equal(node.label, 'Failed to load: access denied');
      assert.match(node.tooltip ?? '', /Profile "denied" may not call ListReceiptRuleSets in us-east-1 \(AccessDenied\)\. Ask for the IAM permission ses:ListReceiptRuleSets/);
      assertNoSecrets(JSON.stringify(node));
    } finally {
      session.dispose();
    }
  });

  test('an expired session token asks for a new login', async () => {
    const logged: string[] = [];
    const session = await openSession(files, { profile: 'expired', endpoint: aws.url }, { log: (line) => logged.push(line) });
    try {
      const [node] = (await identityChildren(session)).nodes;
      assert.equal(node.label, 'Failed to load: credentials expired');
      assert.match(node.tooltip ?? '', /credentials of profile "expired" have expired \(ExpiredTokenException\)\. Renew them \("aws sso login --profile expired"/);
      assert.ok(logged.some((line) => line.includes('ExpiredTokenException')), 'the failure is logged');
      assertNoSecrets(JSON.stringify(node) + logged.join('\n'));
    } finally {
      session.dispose();
    }
  });

  test('no credentials anywhere: the views stay empty so their welcome content shows', async () => {
    const session = await openSession(files, { profile: 'nobody', endpoint: aws.url });
    try {
      assert.deepEqual(await identityChildren(session), { nodes: [], noCredentials: true });
      assert.deepEqual(await ruleSetChildren(session), { nodes: [], noCredentials: true });
      assert.equal(aws.requests.length, 0, 'nothing is sent without credentials');
    } finally {
      session.dispose();
    }
  });

  test('an endpoint that does not answer is named with what to check', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const session = await openSession(files, { profile: 'demo', endpoint: `http://127.0.0.1:${closed}` }, { maxAttempts: 1 });
    try {
      const [node] = (await identityChildren(session)).nodes;
      assert.equal(node.label, 'Failed to load: endpoint unreachable');
      assert.match(node.tooltip ?? '', new RegExp(`Could not reach http://127\\.0\\.0\\.1:${closed} \\(ECONNREFUSED\\)\\. Check that the endpoint runs and emailAuth\\.aws\\.endpoint is right`));
    } finally {
      session.dispose();
    }
  });

  test('a region where SES does not receive mail: no receipt request, a placeholder that offers another region', async () => {
    const session = await openSession(files, { profile: 'demo', region: 'eu-central-2', endpoint: aws.url });
    try {
      const [node] = (await ruleSetChildren(session)).nodes;
      assert.equal(node.label, 'SES does not receive mail in eu-central-2');
      assert.equal(node.command?.id, 'emailAuth.aws.selectRegion');
      assert.equal(await session.activeRuleSet(), undefined);
      assert.deepEqual(operations('ses'), []);
      // Asked anyway, the endpoint answers as SES does there, and the answer is understood.
      const client = new SESClient({ region: 'eu-central-2', endpoint: aws.url, credentials: { accessKeyId: KEYS.demo.id, secretAccessKey: KEYS.demo.secret } });
      const error = await new SesReceiptGateway(client, new RequestPacer(0)).listRuleSetsPage().then(() => undefined, (e: unknown) => e);
      client.destroy();
      assert.ok(error, 'the endpoint refused ListReceiptRuleSets in eu-central-2');
      const problem = classifyAwsError(error, { connection: session.connection, operation: 'ListReceiptRuleSets' });
      assert.equal(problem.kind, 'region-not-receiving');
      assert.match(problem.message, /Select a region where SES receives mail/);
    } finally {
      session.dispose();
    }
  });

  test('an endpoint setting that is not an http URL sends nothing', async () => {
    const session = await openSession(files, { profile: 'demo', endpoint: 'file:///etc/passwd' });
    try {
      const [node] = (await identityChildren(session)).nodes;
      assert.equal(node.label, 'Failed to load: endpoint setting invalid');
      assert.match(node.tooltip ?? '', /must be an http or https URL/);
      assert.equal(aws.requests.length, 0);
    } finally {
      session.dispose();
    }
  });
});

describe('profiles', () => {
  test('the region comes from the setting, else the profile in the config file', async () => {
    const fromProfile = await openSession(files, { profile: 'demo', endpoint: aws.url });
    const fromDefault = await openSession(files, { endpoint: aws.url });
    const fromSetting = await openSession(files, { profile: 'demo', region: 'eu-west-2', endpoint: aws.url });
    try {
      assert.deepEqual([fromProfile.connection.region, fromProfile.connection.regionSource], ['us-east-1', 'profile']);
      assert.deepEqual([fromDefault.connection.region, fromDefault.connection.profileLabel], ['eu-west-1', 'default']);
      assert.deepEqual([fromSetting.connection.region, fromSetting.connection.regionSource], ['eu-west-2', 'setting']);
      assert.deepEqual(await fromProfile.checkCredentials(), { accountId: ACCOUNT });
    } finally {
      for (const s of [fromProfile, fromDefault, fromSetting]) s.dispose();
    }
  });
});
