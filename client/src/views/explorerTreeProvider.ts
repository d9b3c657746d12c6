/** Shows view nodes as a VS Code tree; the nodes decide everything, this only translates. */
import * as vscode from 'vscode';
import type { ViewNode } from '../core/sesModel/viewNodes';
import type { Children } from './explorerSources';

const COLLAPSIBLE: Record<ViewNode['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export class ExplorerTreeProvider implements vscode.TreeDataProvider<ViewNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The node objects handed to VS Code, by id: a redraw must name the same object. */
  private readonly shown = new Map<string, ViewNode>();

  constructor(
    private readonly load: (parent?: ViewNode) => Promise<Children>,
    private readonly onNoCredentials: (none: boolean) => void,
  ) {}

  getTreeItem(node: ViewNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, COLLAPSIBLE[node.collapsible]);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    if (node.icon) {
      const [id, color] = node.icon.split('|');
      item.iconPath = new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
    }
    if (node.command) item.command = { command: node.command.id, title: node.command.title, arguments: [node] };
    return item;
  }

  async getChildren(parent?: ViewNode): Promise<ViewNode[]> {
    const children = await this.load(parent);
    if (!parent) this.onNoCredentials(children.noCredentials === true);
    for (const node of children.nodes) this.shown.set(node.id, node);
    return children.nodes;
  }

  /** Redraws one node (its children are asked for again) or, without an id, the whole view. */
  redraw(id?: string): void {
    const node = id === undefined ? undefined : this.shown.get(id);
    if (id === undefined || node === undefined) this.shown.clear();
    this.changed.fire(node);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
