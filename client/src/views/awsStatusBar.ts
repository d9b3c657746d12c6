/** "AWS: <profile> (<region>)" in the status bar; a click switches profile or region. */
import * as vscode from 'vscode';
import type { AwsConnection } from '../aws/awsConnection';
import { AWS_COMMANDS } from '../core/sesModel/explorerCommands';

export class AwsStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('emailAuth.aws', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Email Auth: AWS profile and region';
    this.item.command = AWS_COMMANDS.switchConnection;
  }

  /** Hidden without a connection (Restricted Mode): nothing talks to AWS then. */
  show(connection: AwsConnection | undefined): void {
    if (!connection) {
      this.item.hide();
      return;
    }
    this.item.text = `$(cloud) AWS: ${connection.profileLabel} (${connection.region})`;
    const endpoint = connection.endpoint ? `\n\nEndpoint: ${connection.endpoint}` : '';
    this.item.tooltip = `SES explorer: profile ${connection.profileLabel}, region ${connection.region} (from ${connection.regionSource}).${endpoint}\n\nClick to switch profile or region.`;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
