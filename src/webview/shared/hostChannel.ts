/**
 * The webview side of the protocol, behind a seam over `acquireVsCodeApi`: in VS Code it is the real
 * API; in the webview tests a fake host defines `window.acquireVsCodeApi` before the bundle loads.
 */
import {
  parseEnvelope,
  ReadyCommand,
  validate,
  WebviewErrorCommand,
  type IpcCommandType,
  type IpcEnvelope,
  type IpcNotificationType,
  type IpcRequestType,
} from '../../extension/protocol/ipc.js';

/** The subset of the VS Code webview API we use. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  interface Window {
    acquireVsCodeApi?: () => VsCodeApi;
  }
}

/** Typed messaging with the extension host. */
export class HostChannel {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; type: IpcRequestType<unknown, unknown> }>();
  private readonly listeners = new Map<string, { type: IpcNotificationType<unknown>; handler: (p: unknown) => void }[]>();

  constructor(private readonly api: VsCodeApi) {
    window.addEventListener('message', (event: MessageEvent) => this.receive(event.data));
  }

  /** Connects to the host: the real API in VS Code, the fake in tests. */
  static acquire(): HostChannel {
    if (!window.acquireVsCodeApi) throw new Error('acquireVsCodeApi is missing: not running inside a VS Code webview.');
    return new HostChannel(window.acquireVsCodeApi());
  }

  /** Says the webview listens; the host answers with its state. Call after registering listeners. */
  ready(): void {
    this.send(ReadyCommand, {});
  }

  send<P>(type: IpcCommandType<P>, params: P): void {
    this.api.postMessage({ kind: 'command', method: type.method, params } satisfies IpcEnvelope);
  }

  request<P, R>(type: IpcRequestType<P, R>, params: P): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, type: type as IpcRequestType<unknown, unknown> });
      this.api.postMessage({ kind: 'request', id, method: type.method, params } satisfies IpcEnvelope);
    });
  }

  on<P>(type: IpcNotificationType<P>, handler: (params: P) => void): void {
    const list = this.listeners.get(type.method) ?? [];
    list.push({ type: type as IpcNotificationType<unknown>, handler: handler as (p: unknown) => void });
    this.listeners.set(type.method, list);
  }

  /** Reports a webview-side failure to the host's log. */
  reportError(error: unknown): void {
    const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    this.send(WebviewErrorCommand, { message: message.slice(0, 10_000) });
  }

  getState<T>(): T | undefined {
    return this.api.getState() as T | undefined;
  }

  setState<T>(state: T): void {
    this.api.setState(state);
  }

  private receive(raw: unknown): void {
    const envelope = parseEnvelope(raw);
    if (!envelope) return;
    if (envelope.kind === 'reply') {
      const waiter = this.waiting.get(envelope.id);
      if (!waiter) return;
      this.waiting.delete(envelope.id);
      if (!envelope.ok) return waiter.reject(new Error(envelope.error));
      const checked = validate(waiter.type.result, envelope.result);
      if (checked.ok) waiter.resolve(checked.value);
      else waiter.reject(new Error(`The host replied with an unexpected result: ${checked.problems}`));
      return;
    }
    if (envelope.kind !== 'notification') return;
    for (const { type, handler } of this.listeners.get(envelope.method) ?? []) {
      const checked = validate(type.params, envelope.params);
      if (checked.ok) handler(checked.value);
      else this.reportError(`ignored ${envelope.method} with invalid params: ${checked.problems}`);
    }
  }
}
