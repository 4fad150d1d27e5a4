/**
 * A Kafka connection's schema registry in the explorer: subjects, each with its compatibility level
 * and versions (schema type and id); a version opens read-only in an editor.
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { CommandIds } from '../../commands/commandIds.js';
import type { KafkaConnectionConfig } from '../../core/model/connection.js';
import type { SchemaRegistries } from '../../services/schemaRegistries.js';
import type { ExplorerContext } from '../context.js';
import { folderItem, LeafNode } from './leafNode.js';
import { loadChildren } from './load.js';
import { matchesFilter, type ExplorerNode } from './node.js';

/** "Schema Registry" under a Kafka connection. */
export class SchemaRegistryNode implements ExplorerNode {
  readonly id: string;
  constructor(parentId: string, readonly connection: KafkaConnectionConfig, private readonly registries: SchemaRegistries, private readonly ctx: ExplorerContext) {
    this.id = `${parentId}/schemaRegistry`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = folderItem(this.id, l10n.t('Schema Registry'), 'symbol-structure', 'schemaRegistry');
    item.description = this.connection.schemaRegistry?.url;
    item.tooltip = this.connection.schemaRegistry?.url;
    return item;
  }
  getChildren(): Promise<ExplorerNode[]> {
    return loadChildren(this.ctx, this.id, l10n.t('Listing schema registry subjects'), l10n.t('No subjects yet.'), async () => {
      const client = await this.registries.client(this.connection);
      const subjects = await client.listSubjects();
      return subjects
        .filter((s) => matchesFilter(s, this.ctx.filter()))
        .sort((a, b) => a.localeCompare(b))
        .map((s) => new SubjectNode(this.id, this.connection, s, this.registries, this.ctx));
    });
  }
}

/** One subject: its compatibility, then its versions, newest first. */
export class SubjectNode implements ExplorerNode {
  readonly id: string;
  readonly copyName: string;
  constructor(parentId: string, readonly connection: KafkaConnectionConfig, readonly subject: string, private readonly registries: SchemaRegistries, private readonly ctx: ExplorerContext) {
    this.id = `${parentId}/${subject}`;
    this.copyName = subject;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.subject, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('symbol-interface');
    item.contextValue = 'schemaSubject';
    return item;
  }
  getChildren(): Promise<ExplorerNode[]> {
    return loadChildren(this.ctx, this.id, l10n.t('Listing the versions of subject "{0}"', this.subject), l10n.t('No versions.'), async () => {
      const client = await this.registries.client(this.connection);
      const [compatibility, versions] = await Promise.all([client.getCompatibility(this.subject), client.listVersions(this.subject)]);
      const details = await Promise.all(versions.slice().reverse().map((v) => client.getVersion(this.subject, v)));
      return [
        new LeafNode(`${this.id}/compatibility`, l10n.t('Compatibility'), compatibility, 'shield', 'schemaCompatibility', l10n.t('Compatibility level of subject "{0}": {1}', this.subject, compatibility)),
        ...details.map((d) => new SchemaVersionNode(this.id, this.connection, d.subject, d.version, d.schemaType, d.id)),
      ];
    });
  }
}

/** One version; clicking opens its schema read-only. */
export class SchemaVersionNode implements ExplorerNode {
  readonly id: string;
  constructor(parentId: string, readonly connection: KafkaConnectionConfig, readonly subject: string, readonly version: number, readonly schemaType: string, readonly schemaId: number) {
    this.id = `${parentId}/v${version}`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(`v${this.version}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `${this.schemaType} · ${l10n.t('id {0}', String(this.schemaId))}`;
    item.iconPath = new vscode.ThemeIcon('file-code');
    item.contextValue = 'schemaVersion';
    item.command = { command: CommandIds.schemaOpenVersion, title: l10n.t('Open Schema'), arguments: [this] };
    return item;
  }
  async getChildren(): Promise<ExplorerNode[]> {
    return [];
  }
}
