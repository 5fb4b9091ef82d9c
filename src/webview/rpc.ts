// Browser side of the typed protocol: `ready` handshake, requests by id, state persistence.
import type { HostToWebview, RequestMap, WebviewToHost } from '../shared/webviewProtocol';

interface VsCodeApi<S> { postMessage(message: unknown): void; getState(): S | undefined; setState(state: S): void }
declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

/** What the webview persists: the host's last state plus its own view settings (sort order…). */
interface Persisted<State, View> { readonly state?: State; readonly view?: View }

export class HostConnection<State, Requests extends RequestMap, Events = never, View = never> {
  private readonly api = acquireVsCodeApi<Persisted<State, View>>();
  private persisted: Persisted<State, View>;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(handlers: { onState(state: State): void; onEvent?(event: Events): void; onRestoreView?(view: View): void }) {
    // Restore what the panel showed before it was hidden or VS Code reloaded, then ask for fresh state.
    this.persisted = this.api.getState() ?? {};
    if (this.persisted.view !== undefined) handlers.onRestoreView?.(this.persisted.view);
    if (this.persisted.state !== undefined) handlers.onState(this.persisted.state);
    window.addEventListener('message', (e: MessageEvent<HostToWebview<State, Events>>) => {
      const message = e.data;
      if (message.type === 'state') {
        this.persist({ ...this.persisted, state: message.state });
        handlers.onState(message.state);
      } else if (message.type === 'event') {
        handlers.onEvent?.(message.event);
      } else if (message.type === 'response') {
        const waiter = this.pending.get(message.requestId);
        this.pending.delete(message.requestId);
        if (!waiter) return;
        if (message.ok) waiter.resolve(message.result);
        else waiter.reject(new Error(message.error));
      }
    });
    this.send({ type: 'ready' });
  }

  /** Keeps view settings (not sent to the host) across hide/reload. */
  saveView(view: View): void {
    this.persist({ ...this.persisted, view });
  }

  /**
   * Keeps a state the webview updated itself (from streamed events) across hide/reload, so a
   * restored panel shows what it showed, not the last full state the host sent.
   */
  saveState(state: State): void {
    this.persist({ ...this.persisted, state });
  }

  private persist(next: Persisted<State, View>): void {
    this.persisted = next;
    this.api.setState(next);
  }

  request<M extends keyof Requests & string>(method: M, params: Requests[M]['params']): Promise<Requests[M]['result']> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (v: unknown) => void, reject });
      this.send({ type: 'request', requestId, method, params } as WebviewToHost<Requests>);
    });
  }

  private send(message: WebviewToHost<Requests>): void {
    this.api.postMessage(message);
  }
}
