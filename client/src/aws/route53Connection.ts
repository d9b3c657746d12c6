/**
 * The Route 53 client of a push, on the explorer's connection (same profile, region, endpoint and
 * credential chain, see awsConnection.ts). Route 53 is a global service: the SDK signs for
 * us-east-1 (or the partition's global region) whatever region the connection names.
 *
 * The SDK's own retries are off (`maxAttempts: 1`): the gateway retries with the planner's
 * policy (`retryDelayMs`), so every retry is one the gateway chose, logged and cancellable,
 * and a ChangeResourceRecordSets is never re-sent after an answer that may mean it was applied.
 */
import { Route53Client } from '@aws-sdk/client-route-53';
import { credentialProvider, resolveConnection, type AwsConnection, type AwsSettings, type CredentialProvider } from './awsConnection';
import { listAwsProfiles, sharedFilePaths, type SharedFilePaths } from './awsProfiles';

export interface Route53Connection {
  connection: AwsConnection;
  client: Route53Client;
  dispose(): void;
}

export function createRoute53Client(connection: AwsConnection, credentials: CredentialProvider = credentialProvider(connection)): Route53Client {
  return new Route53Client({
    region: connection.region,
    credentials,
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 5000, requestTimeout: 30000 },
  });
}

/**
 * Resolves settings, profiles and files the way the explorer does and opens a client on them.
 * `files` defaults to AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE or ~/.aws/.
 */
export async function openRoute53Connection(settings: AwsSettings, options: { files?: SharedFilePaths; env?: NodeJS.ProcessEnv } = {}): Promise<Route53Connection> {
  const files = options.files ?? sharedFilePaths(options.env);
  const connection = resolveConnection(settings, await listAwsProfiles(files), files, options.env);
  const client = createRoute53Client(connection);
  return { connection, client, dispose: () => client.destroy() };
}
