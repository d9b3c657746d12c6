/**
 * emailAuth.aws.* as the explorer reads and writes them. The settings have machine scope, so VS
 * Code ignores workspace values; only user/machine values are read here all the same, so a
 * cloned repository can neither redirect requests nor choose credentials.
 */
import * as vscode from 'vscode';
import type { AwsSettings } from '../aws/awsConnection';

const SECTION = 'emailAuth.aws';

function machineValue(config: vscode.WorkspaceConfiguration, key: string): string | undefined {
  const inspected = config.inspect<unknown>(key);
  const value = inspected?.globalValue ?? inspected?.defaultValue;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function readAwsSettings(): AwsSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return { profile: machineValue(config, 'profile'), region: machineValue(config, 'region'), endpoint: machineValue(config, 'endpoint') };
}

export async function writeAwsSetting(key: 'profile' | 'region', value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

export function affectsAwsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SECTION);
}
