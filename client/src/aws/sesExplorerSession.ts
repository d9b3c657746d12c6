/**
 * Everything the explorer reads from SES for one connection (profile, region, endpoint), cached
 * until a refresh: expanding, collapsing and redrawing never send a request twice. Failures are
 * cached too, as AwsCallError with a classified problem, until the user retries.
 */
import type { IdentityDetails, IdentitySummary, Paged, ReceiptRuleData, RuleSetDetails, RuleSetSummary } from '../core/sesModel/sesData';
import { regionReceivesMail } from '../core/sesModel/ruleSetNodes';
import { createSesClients, credentialProvider, type AwsConnection, type CredentialProvider, type SesClients } from './awsConnection';
import { AwsCallError, classifyAwsError, endpointSettingProblem, errorCode, redactSecrets } from './awsErrors';
import { RequestPacer, sharedPacer } from './requestPacer';
import { DEFAULT_IDENTITY_PAGE_SIZE, SesIdentityGateway } from './sesIdentityGateway';
import { SesReceiptGateway } from './sesReceiptGateway';

export interface RuleSetsState {
  page: Paged<RuleSetSummary>;
  /** Name of the active rule set, when one is active. */
  active?: string;
}

export interface SessionOptions {
  /** Defaults to the process-wide pacer of the connection's account and region. */
  pacer?: RequestPacer;
  identityPageSize?: number;
  maxAttempts?: number;
  /** For logs: receives operation names and error codes, never credentials. */
  log?: (line: string) => void;
  credentials?: CredentialProvider;
}

export class SesExplorerSession {
  private readonly cache = new Map<string, Promise<unknown>>();
  private readonly credentials: CredentialProvider;
  private readonly clients: SesClients;
  private readonly identities: SesIdentityGateway;
  private readonly receipt: SesReceiptGateway;
  private readonly pageSize: number;
  private readonly log: (line: string) => void;

  constructor(
    readonly connection: AwsConnection,
    options: SessionOptions = {},
  ) {
    this.credentials = options.credentials ?? credentialProvider(connection);
    this.clients = createSesClients(connection, this.credentials, { maxAttempts: options.maxAttempts });
    this.identities = new SesIdentityGateway(this.clients.sesv2);
    const pacer = options.pacer ?? sharedPacer(`${connection.profileLabel}|${connection.region}|${connection.endpoint ?? 'aws'}`);
    this.receipt = new SesReceiptGateway(this.clients.ses, pacer);
    this.pageSize = options.identityPageSize ?? DEFAULT_IDENTITY_PAGE_SIZE;
    this.log = options.log ?? (() => undefined);
  }

  dispose(): void {
    this.clients.dispose();
  }

  /** Resolves the credential chain once; the account id comes with it when the source names it. */
  checkCredentials(): Promise<{ accountId?: string }> {
    return this.cached('credentials', 'sts', 'ResolveCredentials', async () => {
      const identity = await this.credentials();
      return { accountId: identity.accountId };
    });
  }

  listIdentities(): Promise<Paged<IdentitySummary>> {
    return this.cached('identities', 'ses', 'ListEmailIdentities', () => this.identities.listPage(undefined, this.pageSize));
  }

  async loadMoreIdentities(): Promise<Paged<IdentitySummary>> {
    const current = await this.listIdentities();
    if (!current.nextToken) return current;
    const more = await this.call('ses', 'ListEmailIdentities', () => this.identities.listPage(current.nextToken, this.pageSize));
    const merged = { items: [...current.items, ...more.items], nextToken: more.nextToken };
    this.cache.set('identities', Promise.resolve(merged));
    return merged;
  }

  identity(name: string): Promise<IdentityDetails> {
    return this.cached(`identity/${name}`, 'ses', 'GetEmailIdentity', () => this.identities.get(name));
  }

  /** The rule sets and which one is active: two paced requests, then cached. */
  ruleSets(): Promise<RuleSetsState> {
    return this.cached('rule-sets', 'ses', 'ListReceiptRuleSets', async () => {
      this.assertReceiving('ListReceiptRuleSets');
      const page = await this.receipt.listRuleSetsPage();
      const active = await this.activeRuleSet();
      return { page, active: active?.name };
    });
  }

  async loadMoreRuleSets(): Promise<RuleSetsState> {
    const current = await this.ruleSets();
    if (!current.page.nextToken) return current;
    const more = await this.call('ses', 'ListReceiptRuleSets', () => this.receipt.listRuleSetsPage(current.page.nextToken));
    const merged = { page: { items: [...current.page.items, ...more.items], nextToken: more.nextToken }, active: current.active };
    this.cache.set('rule-sets', Promise.resolve(merged));
    return merged;
  }

  /** The active rule set with its rules (undefined when none is, or the region does not receive). */
  activeRuleSet(): Promise<RuleSetDetails | undefined> {
    return this.cached('active-rule-set', 'ses', 'DescribeActiveReceiptRuleSet', async () => {
      if (!regionReceivesMail(this.connection.region)) return undefined;
      const active = await this.receipt.describeActiveRuleSet();
      // The active set's rules come with it: opening that set later costs no request.
      if (active) this.cache.set(`rule-set/${active.name}`, Promise.resolve(active));
      return active;
    });
  }

  ruleSet(name: string): Promise<RuleSetDetails> {
    return this.cached(`rule-set/${name}`, 'ses', 'DescribeReceiptRuleSet', () => this.receipt.describeRuleSet(name));
  }

  /** A rule from its set when that is loaded, else with DescribeReceiptRule. */
  async rule(ruleSet: string, rule: string): Promise<ReceiptRuleData> {
    const known = this.cache.get(`rule-set/${ruleSet}`) as Promise<RuleSetDetails> | undefined;
    if (known) {
      const set = await known.catch(() => undefined);
      const found = set?.rules.find((r) => r.Name === rule);
      if (found) return found;
    }
    return this.cached(`rule/${ruleSet}/${rule}`, 'ses', 'DescribeReceiptRule', () => this.receipt.describeRule(ruleSet, rule));
  }

  /** Drops what a scope loaded, so the next read asks SES again (Retry). */
  forget(key: string): void {
    for (const cached of [...this.cache.keys()]) if (cached === key || cached.startsWith(`${key}/`)) this.cache.delete(cached);
    if (key === 'rule-sets') this.cache.delete('active-rule-set');
  }

  /** Refresh of one view: everything it shows is read again; the other view keeps its cache. */
  forgetView(view: 'identities' | 'rule-sets'): void {
    const prefixes = view === 'identities' ? ['identities', 'identity/'] : ['rule-sets', 'active-rule-set', 'rule-set/', 'rule/'];
    this.cache.delete('credentials');
    for (const key of [...this.cache.keys()]) if (prefixes.some((p) => key === p || key.startsWith(p))) this.cache.delete(key);
  }

  private assertReceiving(operation: string): void {
    if (regionReceivesMail(this.connection.region)) return;
    throw new AwsCallError(classifyAwsError(Object.assign(new Error('not a receiving region'), { name: 'UnsupportedOperation' }), { connection: this.connection, operation }), 'UnsupportedOperation');
  }

  private cached<T>(key: string, service: string, operation: string, load: () => Promise<T>): Promise<T> {
    let entry = this.cache.get(key) as Promise<T> | undefined;
    if (!entry) {
      entry = this.call(service, operation, load);
      // A failure stays cached (shown as an error node) until Retry or Refresh forgets it.
      entry.catch(() => undefined);
      this.cache.set(key, entry);
    }
    return entry;
  }

  private async call<T>(service: string, operation: string, load: () => Promise<T>): Promise<T> {
    if (this.connection.endpointError) throw new AwsCallError(endpointSettingProblem(this.connection.endpointError), 'InvalidEndpointSetting');
    try {
      return await load();
    } catch (error) {
      if (error instanceof AwsCallError) throw error;
      const problem = classifyAwsError(error, { connection: this.connection, operation, service });
      const code = errorCode(error);
      this.log(`${operation} in ${this.connection.region} (profile ${this.connection.profileLabel}) failed: ${code}: ${redactSecrets(error instanceof Error ? error.message : String(error))}`);
      throw new AwsCallError(problem, code);
    }
  }
}
