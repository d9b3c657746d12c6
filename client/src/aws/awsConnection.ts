/**
 * Which account, region and endpoint the explorer talks to, and the SDK clients for it. The
 * settings come from machine-scoped configuration only (see package.json), so a workspace cannot
 * redirect requests or pick credentials.
 */
import { SESClient } from '@aws-sdk/client-ses';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { AwsProfileInfo, SharedFilePaths } from './awsProfiles';

export interface AwsSettings {
  profile?: string;
  region?: string;
  endpoint?: string;
}

export interface AwsConnection {
  /** The profile asked for; undefined means the SDK's default chain (environment, AWS_PROFILE, default). */
  profile?: string;
  /** For people: the profile name, or where the default chain starts. */
  profileLabel: string;
  region: string;
  regionSource: 'setting' | 'environment' | 'profile' | 'fallback';
  /** A validated http(s) URL, or undefined for AWS itself. */
  endpoint?: string;
  /** Set when emailAuth.aws.endpoint is not usable; nothing is sent then. */
  endpointError?: string;
  /** Where the shared files are (shown in messages about missing credentials). */
  files: SharedFilePaths;
}

export const FALLBACK_REGION = 'us-east-1';
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function resolveConnection(settings: AwsSettings, profiles: readonly AwsProfileInfo[], files: SharedFilePaths, env: NodeJS.ProcessEnv = process.env): AwsConnection {
  const profile = settings.profile?.trim() || undefined;
  const effectiveProfile = profile ?? (env.AWS_PROFILE?.trim() || 'default');
  const profileLabel = profile ?? (env.AWS_PROFILE?.trim() || (env.AWS_ACCESS_KEY_ID ? 'environment' : 'default'));
  let region: string | undefined;
  let regionSource: AwsConnection['regionSource'] = 'fallback';
  const configured = settings.region?.trim().toLowerCase();
  if (configured && REGION.test(configured)) {
    region = configured;
    regionSource = 'setting';
  } else if (env.AWS_REGION || env.AWS_DEFAULT_REGION) {
    region = (env.AWS_REGION || env.AWS_DEFAULT_REGION)!.trim().toLowerCase();
    regionSource = 'environment';
  } else {
    const fromProfile = profiles.find((p) => p.name === effectiveProfile)?.region;
    if (fromProfile) {
      region = fromProfile.trim().toLowerCase();
      regionSource = 'profile';
    }
  }
  const { endpoint, error } = validateEndpoint(settings.endpoint);
  return { profile, profileLabel, region: region ?? FALLBACK_REGION, regionSource, endpoint, endpointError: error, files };
}

/** Only plain http(s) URLs without user information are accepted as an endpoint. */
export function validateEndpoint(raw: string | undefined): { endpoint?: string; error?: string } {
  const text = raw?.trim();
  if (!text) return {};
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: `emailAuth.aws.endpoint "${text}" is not a URL; use e.g. http://127.0.0.1:4566 or leave it empty for AWS.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `emailAuth.aws.endpoint must be an http or https URL, not ${url.protocol}` };
  if (url.username || url.password) return { error: 'emailAuth.aws.endpoint must not contain a user name or password; credentials come from your AWS profile.' };
  return { endpoint: url.toString().replace(/\/$/, '') };
}

export type CredentialProvider = AwsCredentialIdentityProvider & ((options?: { forceRefresh?: boolean }) => Promise<AwsCredentialIdentity>);

/**
 * The standard chain (environment, shared files, SSO, process, container/instance metadata), or
 * the chosen profile's entries of it. The shared files are read afresh for every connection, so
 * a profile added while VS Code runs is found after a refresh.
 */
export function credentialProvider(connection: AwsConnection): CredentialProvider {
  return fromNodeProviderChain({
    profile: connection.profile,
    filepath: connection.files.credentials,
    configFilepath: connection.files.config,
    ignoreCache: true,
    // Outside EC2 the metadata service does not answer; do not let it hold the views for long.
    timeout: 1000,
    maxRetries: 0,
  }) as CredentialProvider;
}

export interface SesClients {
  sesv2: SESv2Client;
  ses: SESClient;
  dispose(): void;
}

export function createSesClients(connection: AwsConnection, credentials: CredentialProvider, options: { maxAttempts?: number } = {}): SesClients {
  const common = {
    region: connection.region,
    credentials,
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    maxAttempts: options.maxAttempts ?? 4,
    requestHandler: { connectionTimeout: 5000, requestTimeout: 30000 },
  };
  const sesv2 = new SESv2Client(common);
  const ses = new SESClient(common);
  return {
    sesv2,
    ses,
    dispose: () => {
      sesv2.destroy();
      ses.destroy();
    },
  };
}
