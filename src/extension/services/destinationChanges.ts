import * as vscode from 'vscode';

/** Something changed the messages of destinations: a publish, a purge, a dead-letter move. */
export interface DestinationChange {
  readonly connectionId: string;
  /** Topics or queues whose messages changed. */
  readonly destinations: readonly string[];
  readonly what: 'published' | 'purged' | 'moved';
}

/**
 * Tells open panels when BrokerLens itself changed what a destination holds, so a Browse page read
 * before it says it is out of date instead of silently showing the old messages.
 */
export class DestinationChanges implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<DestinationChange>();
  readonly onDidChange = this.emitter.event;

  fire(change: DestinationChange): void {
    this.emitter.fire(change);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
