/**
 * Profile names and their regions from the user's shared config and credentials files, where the
 * AWS CLI and SDKs look for them (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/).
 * Only names and regions are read out; keys stay in the files.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface AwsProfileInfo {
  name: string;
  /** `region` of the profile in the config file. */
  region?: string;
  /** Which files define it. */
  files: Array<'config' | 'credentials'>;
}

export interface SharedFilePaths {
  config: string;
  credentials: string;
}

export function sharedFilePaths(env: NodeJS.ProcessEnv = process.env, home = homedir()): SharedFilePaths {
  const expand = (path: string) => (path.startsWith('~/') ? join(home, path.slice(2)) : path);
  return {
    config: expand(env.AWS_CONFIG_FILE || join(home, '.aws', 'config')),
    credentials: expand(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials')),
  };
}

/** Section name → its key/value pairs, for the INI dialect of the AWS shared files. */
export function parseIniSections(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      const name = header[1].trim();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      continue;
    }
    // Indented lines continue a nested value (s3 = …); only top-level keys matter here.
    if (/^\s/.test(raw) || !current) continue;
    const eq = line.indexOf('=');
    if (eq > 0) current.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return sections;
}

/**
 * Profiles of the config file (`[default]`, `[profile name]`; `[sso-session …]` and `[services …]`
 * are not profiles) and of the credentials file (`[name]`), merged by name.
 */
export function profilesFromFiles(configText: string, credentialsText: string): AwsProfileInfo[] {
  const byName = new Map<string, AwsProfileInfo>();
  const add = (name: string, file: 'config' | 'credentials', region?: string) => {
    const profile = byName.get(name) ?? { name, files: [] };
    if (!profile.files.includes(file)) profile.files.push(file);
    if (region && file === 'config') profile.region = region;
    byName.set(name, profile);
  };
  for (const [section, values] of parseIniSections(configText)) {
    const name = section === 'default' ? 'default' : /^profile\s+(.+)$/.exec(section)?.[1]?.trim();
    if (name) add(name, 'config', values.get('region'));
  }
  for (const section of parseIniSections(credentialsText).keys()) add(section, 'credentials');
  return [...byName.values()].sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

export async function listAwsProfiles(paths: SharedFilePaths = sharedFilePaths()): Promise<AwsProfileInfo[]> {
  const read = (path: string) => readFile(path, 'utf8').catch(() => '');
  const [config, credentials] = await Promise.all([read(paths.config), read(paths.credentials)]);
  return profilesFromFiles(config, credentials);
}
