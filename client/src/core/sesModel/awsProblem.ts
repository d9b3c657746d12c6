/** Why an AWS call failed, in words for the user; classified from SDK errors in client/src/aws. */
export type AwsProblemKind =
  | 'no-credentials'
  | 'expired-credentials'
  | 'invalid-credentials'
  | 'access-denied'
  | 'region-not-receiving'
  | 'endpoint-unreachable'
  | 'throttled'
  | 'not-found'
  | 'service-error';

export interface AwsProblem {
  kind: AwsProblemKind;
  /** Short, for a tree node label: "Access denied". */
  title: string;
  /** What happened, why, and what to do next; never holds a secret. */
  message: string;
}
