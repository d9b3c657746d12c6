// One error type for every handler, written out in the shape each protocol's SDK parser reads:
// - query (SES v1):      <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
// - rest-xml (Route 53): the same document in the Route 53 namespace
//   (aws/aws-sdk-kotlin#1435: Route 53 answers InvalidChangeBatch in this standard form too)
// - rest-json (SESv2):   x-amzn-ErrorType header plus {"message": ...}
import { xmlDocument } from './xml';

export type Protocol = 'query' | 'rest-json' | 'rest-xml';

export const SES_NAMESPACE = 'http://ses.amazonaws.com/doc/2010-12-01/';
export const ROUTE53_NAMESPACE = 'https://route53.amazonaws.com/doc/2013-04-01/';

export class AwsError extends Error {
  constructor(readonly code: string, message: string, readonly status = 400) {
    super(message);
  }
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function renderError(protocol: Protocol, error: AwsError, requestId: string): HttpAnswer {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  if (protocol === 'rest-json') {
    return {
      status: error.status,
      headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.code },
      body: JSON.stringify({ message: error.message }),
    };
  }
  const namespace = protocol === 'query' ? SES_NAMESPACE : ROUTE53_NAMESPACE;
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: xmlDocument('ErrorResponse', namespace, { Error: { Type: type, Code: error.code, Message: error.message }, RequestId: requestId }),
  };
}

/**
 * Failures that are not one operation's business (signing, access, throttling), named the way
 * each protocol names them. Query and REST-XML services use the classic codes; JSON services
 * use the *Exception names (confirmed for SESv2's UnrecognizedClientException by
 * django-ses/django-ses#283; InvalidSignatureException and ExpiredTokenException follow the
 * same JSON convention but are not confirmed for SESv2 specifically).
 */
export type CommonFailure = 'missing-auth' | 'unknown-key' | 'bad-signature' | 'expired-token' | 'throttled' | 'internal' | 'unavailable';

const COMMON: Record<CommonFailure, { classic: string; json: string; status: number; message: string; jsonStatus?: number; jsonMessage?: string }> = {
  'missing-auth': { classic: 'MissingAuthenticationToken', json: 'MissingAuthenticationTokenException', status: 403, message: 'Request is missing Authentication Token' },
  'unknown-key': { classic: 'InvalidClientTokenId', json: 'UnrecognizedClientException', status: 403, message: 'The security token included in the request is invalid.' },
  'bad-signature': {
    classic: 'SignatureDoesNotMatch', json: 'InvalidSignatureException', status: 403,
    message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  },
  'expired-token': { classic: 'ExpiredToken', json: 'ExpiredTokenException', status: 403, message: 'The security token included in the request is expired' },
  // Route 53 (Developer Guide, "Quotas": HTTP 400, Code Throttling, Message "Rate exceeded");
  // SESv2 models the same condition as TooManyRequestsException with HTTP 429.
  throttled: { classic: 'Throttling', json: 'TooManyRequestsException', status: 400, message: 'Rate exceeded', jsonStatus: 429, jsonMessage: 'Too many requests' },
  internal: { classic: 'InternalFailure', json: 'InternalFailure', status: 500, message: 'We encountered an internal error. Please try again.' },
  unavailable: { classic: 'ServiceUnavailable', json: 'ServiceUnavailable', status: 503, message: 'Service is unable to handle request.' },
};

export function commonError(protocol: Protocol, failure: CommonFailure): AwsError {
  const entry = COMMON[failure];
  if (protocol === 'rest-json') return new AwsError(entry.json, entry.jsonMessage ?? entry.message, entry.jsonStatus ?? entry.status);
  return new AwsError(entry.classic, entry.message, entry.status);
}

/** IAM's wording for an explicit or implicit deny. */
export function accessDenied(protocol: Protocol, principal: string, action: string): AwsError {
  const message = `User: ${principal} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`;
  return new AwsError(protocol === 'rest-json' ? 'AccessDeniedException' : 'AccessDenied', message, 403);
}
