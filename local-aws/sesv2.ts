// SESv2 identity reads (REST-JSON under /v2/email). ListEmailIdentities is served both as the
// documented GET /v2/email/identities?NextToken=&PageSize= and as POST /v2/email/list-identities
// with a JSON body, which is what @aws-sdk/client-sesv2 3.1175 sends.
import { AwsError } from './errors';
import { decodeToken, encodeToken, jsonAnswer, type Operation, type OperationContext, type ServiceRouter, single } from './operation';
import type { Identity, SesRegionState } from './seed';
import type { ReceivedRequest } from './sigv4';

/** Not documented; 100 is our choice when PageSize is left out. The documented maximum is 1000. */
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

export const sesv2Router: ServiceRouter = {
  service: 'sesv2',
  protocol: 'rest-json',
  iamPrefix: 'ses',
  route(request) {
    const path = request.path.replace(/\/+$/, '');
    if (request.method === 'GET' && path === '/v2/email/identities') {
      return op('ListEmailIdentities', (c) => listEmailIdentities(c, single(request.query.NextToken), single(request.query.PageSize)));
    }
    if (request.method === 'POST' && path === '/v2/email/list-identities') {
      return op('ListEmailIdentities', (c) => {
        const body = jsonBody(request);
        return listEmailIdentities(c, stringOrUndefined(body.NextToken), body.PageSize === undefined ? undefined : String(body.PageSize));
      });
    }
    const match = /^\/v2\/email\/identities\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && match) return op('GetEmailIdentity', (c) => getEmailIdentity(c, decodeURIComponent(match[1])));
    return undefined;
  },
};

function op(name: string, run: Operation['run']): Operation {
  return { name, run };
}

function jsonBody(request: ReceivedRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(request.body.toString('utf8'));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new AwsError('BadRequestException', 'The request body is not a JSON object.');
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function regionState(context: OperationContext): SesRegionState {
  return context.state.ses.byRegion.get(context.region) ?? context.state.ses.fallback;
}

function listEmailIdentities(context: OperationContext, token: string | undefined, pageSizeText: string | undefined) {
  const identities = regionState(context).identities;
  const pageSize = pageSizeText === undefined ? DEFAULT_PAGE_SIZE : Number(pageSizeText);
  if (!Number.isInteger(pageSize) || pageSize < 0 || pageSize > MAX_PAGE_SIZE) {
    throw new AwsError('BadRequestException', `PageSize must be an integer from 0 to ${MAX_PAGE_SIZE}.`);
  }
  let start = 0;
  if (token) {
    const name = decodeToken(token);
    start = identities.findIndex((identity) => identity.IdentityName === name);
    if (start < 0) throw new AwsError('BadRequestException', 'Invalid NextToken.');
  }
  const size = pageSize === 0 ? DEFAULT_PAGE_SIZE : pageSize;
  const page = identities.slice(start, start + size);
  const next = identities[start + size];
  return jsonAnswer({
    EmailIdentities: page.map((identity) => ({
      IdentityType: identity.IdentityType,
      IdentityName: identity.IdentityName,
      SendingEnabled: identity.SendingEnabled,
      VerificationStatus: identity.VerificationStatus,
    })),
    NextToken: next ? encodeToken(next.IdentityName) : undefined,
  }, context.requestId);
}

function getEmailIdentity(context: OperationContext, name: string) {
  const identity = regionState(context).identities.find((candidate) => candidate.IdentityName.toLowerCase() === name.toLowerCase());
  // The message wording is ours; the code and status are SESv2's NotFoundException (404).
  if (!identity) throw new AwsError('NotFoundException', `Email identity ${name} does not exist.`, 404);
  return jsonAnswer(getEmailIdentityResponse(identity), context.requestId);
}

/** JSON timestamps in restJson1 are epoch seconds. */
function epochSeconds(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso) / 1000;
}

function getEmailIdentityResponse(identity: Identity): unknown {
  const dkim = identity.DkimAttributes;
  const info = identity.VerificationInfo;
  return {
    IdentityType: identity.IdentityType,
    FeedbackForwardingStatus: identity.FeedbackForwardingStatus,
    VerifiedForSendingStatus: identity.VerifiedForSendingStatus,
    DkimAttributes: { ...dkim, LastKeyGenerationTimestamp: epochSeconds(dkim.LastKeyGenerationTimestamp) },
    MailFromAttributes: identity.MailFromAttributes,
    Policies: identity.Policies,
    Tags: identity.Tags,
    ConfigurationSetName: identity.ConfigurationSetName,
    VerificationStatus: identity.VerificationStatus,
    VerificationInfo: info === undefined ? {} : { ...info, LastCheckedTimestamp: epochSeconds(info.LastCheckedTimestamp), LastSuccessTimestamp: epochSeconds(info.LastSuccessTimestamp) },
  };
}
