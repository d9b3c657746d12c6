/**
 * SDK errors turned into messages that say what to do. Everything that leaves here passes
 * `redactSecrets`, so neither a key nor a session token reaches a tree node, a notification or a log.
 */
import type { AwsProblem, AwsProblemKind } from '../core/sesModel/awsProblem';
import type { AwsConnection } from './awsConnection';

export interface CallContext {
  connection: AwsConnection;
  /** SDK operation name, e.g. ListReceiptRuleSets. */
  operation: string;
  /** IAM service prefix of the operation: "ses". */
  service?: string;
}

/** A failed AWS call, classified; the original error is kept for the log (after redaction). */
export class AwsCallError extends Error {
  constructor(
    readonly problem: AwsProblem,
    readonly code: string,
  ) {
    super(problem.message);
    this.name = 'AwsCallError';
  }
}

const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired', 'InvalidGrantException']);
const INVALID = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'InvalidSignatureException', 'IncompleteSignature', 'IncompleteSignatureException', 'MissingAuthenticationToken', 'MissingAuthenticationTokenException', 'AuthFailure', 'InvalidAccessKeyId']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'NotAuthorized', 'Forbidden']);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'ProvisionedThroughputExceededException', 'SlowDown', 'PriorRequestNotComplete']);
const NOT_FOUND = new Set(['NotFoundException', 'RuleSetDoesNotExist', 'RuleDoesNotExist', 'RuleSetDoesNotExistException', 'RuleDoesNotExistException']);
const UNSUPPORTED = new Set(['InvalidAction', 'UnsupportedOperation', 'UnknownOperationException', 'UnknownOperation']);
const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const RECEIPT_OPERATIONS = /ReceiptRule/;

interface ErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
  cause?: unknown;
}

function shape(error: unknown): ErrorShape {
  return error && typeof error === 'object' ? (error as ErrorShape) : { message: String(error) };
}

/** The error code the way AWS names it, or the Node system error code. */
export function errorCode(error: unknown): string {
  const e = shape(error);
  const network = [e.code, shape(e.cause).code].find((c) => c && NETWORK.has(c));
  if (network) return network;
  return e.Code ?? (e.name && e.name !== 'Error' ? e.name : undefined) ?? e.code ?? 'Error';
}

export function classifyAwsError(error: unknown, ctx: CallContext): AwsProblem {
  if (error instanceof AwsCallError) return error.problem;
  const e = shape(error);
  const code = errorCode(error);
  const message = redactSecrets(e.message ?? '');
  const profile = ctx.connection.profileLabel;
  const region = ctx.connection.region;
  const where = ctx.connection.endpoint ?? `SES in ${region}`;
  const make = (kind: AwsProblemKind, title: string, text: string): AwsProblem => ({ kind, title, message: redactSecrets(text) });

  if (code === 'CredentialsProviderError' || code === 'TokenProviderError' || /Could not load credentials/i.test(message)) {
    if (/expired|sso session|refresh/i.test(message)) {
      return make('expired-credentials', 'credentials expired', `The credentials of profile "${profile}" have expired: ${message} Run "aws sso login --profile ${profile}" (SSO) or renew the keys, then retry.`);
    }
    return make('no-credentials', 'no credentials', `No AWS credentials found for profile "${profile}" (${message}). Add the profile to ${ctx.connection.files.credentials} or ${ctx.connection.files.config} (e.g. "aws configure --profile ${profile}" or "aws configure sso"), or select another profile.`);
  }
  if (EXPIRED.has(code) || /security token included in the request is expired/i.test(message)) {
    return make('expired-credentials', 'credentials expired', `AWS says the credentials of profile "${profile}" have expired (${code}). Renew them ("aws sso login --profile ${profile}" for SSO, or new keys), then retry.`);
  }
  if (INVALID.has(code)) {
    return make('invalid-credentials', 'credentials rejected', `AWS rejected the credentials of profile "${profile}" (${code}). Check the access key in ${ctx.connection.files.credentials}, or select another profile, then retry.`);
  }
  if (DENIED.has(code) || (e.$metadata?.httpStatusCode === 403 && !THROTTLED.has(code))) {
    const action = `${ctx.service ?? 'ses'}:${ctx.operation}`;
    return make('access-denied', 'access denied', `Profile "${profile}" may not call ${ctx.operation} in ${region} (${code}). Ask for the IAM permission ${action}, or select a profile that has it.`);
  }
  if (UNSUPPORTED.has(code) && RECEIPT_OPERATIONS.test(ctx.operation)) {
    return make('region-not-receiving', `no receiving in ${region}`, `SES does not offer ${ctx.operation} in ${region} (${code}): email receiving is available only in some regions. Select a region where SES receives mail.`);
  }
  if (THROTTLED.has(code) || e.$retryable?.throttling) {
    return make('throttled', 'throttled', `SES limited the request rate (${code}) and the retries did not get through. Wait a moment, then retry.`);
  }
  if (NOT_FOUND.has(code)) {
    return make('not-found', 'not found', `${ctx.operation} found nothing in ${region}: ${message} Refresh the view; it may have been deleted.`);
  }
  if (NETWORK.has(code) || code === 'TimeoutError' || code === 'RequestTimeout' || code === 'AbortError') {
    const fix = ctx.connection.endpoint ? 'Check that the endpoint runs and emailAuth.aws.endpoint is right' : 'Check your network connection and proxy';
    return make('endpoint-unreachable', 'endpoint unreachable', `Could not reach ${where} (${code}). ${fix}, then retry.`);
  }
  return make('service-error', code, `${ctx.operation} failed in ${region}: ${code}${message ? `: ${message}` : ''}`);
}

/** Problem for an endpoint setting that was refused before any request. */
export function endpointSettingProblem(text: string): AwsProblem {
  return { kind: 'endpoint-unreachable', title: 'endpoint setting invalid', message: redactSecrets(text) };
}

/**
 * Removes what looks like an access key id, a secret key or a session token from text. AWS error
 * messages do not carry secrets today; this keeps it so if one ever quotes a request.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|ASCA)[A-Z0-9]{12,}\b/g, '$1…(redacted)')
    .replace(/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, '(redacted)')
    .replace(/[A-Za-z0-9/+=]{100,}/g, '(redacted)');
}
