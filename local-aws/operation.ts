// What a service module gives the server: a router from a request to one named operation.
import type { HttpAnswer, Protocol } from './errors';
import type { LocalAwsState } from './seed';
import type { ReceivedRequest } from './sigv4';
import { xmlDocument, type XmlObject } from './xml';

export type ServiceId = 'ses' | 'sesv2' | 'route53';

export interface OperationContext {
  state: LocalAwsState;
  /** From the request's credential scope. */
  region: string;
  requestId: string;
  now: Date;
  insyncDelayMs: number;
}

export interface Operation {
  /** The API's operation name, e.g. ListResourceRecordSets. */
  name: string;
  /** Answers or throws AwsError. */
  run(context: OperationContext): HttpAnswer;
}

export interface ServiceRouter {
  service: ServiceId;
  protocol: Protocol;
  /** The IAM action prefix (SESv2 actions are ses:*). */
  iamPrefix: string;
  /** undefined when the request is no operation this endpoint serves. */
  route(request: ReceivedRequest): Operation | undefined;
}

export function xmlAnswer(rootTag: string, namespace: string, body: XmlObject, requestId: string): HttpAnswer {
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body: xmlDocument(rootTag, namespace, body) };
}

export function jsonAnswer(body: unknown, requestId: string): HttpAnswer {
  return { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId }, body: JSON.stringify(body) };
}

/** Opaque paging tokens: the position to resume from, base64url-encoded. */
export function encodeToken(position: string): string {
  return Buffer.from(position, 'utf8').toString('base64url');
}

export function decodeToken(token: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  return Buffer.from(token, 'base64url').toString('utf8');
}

export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
