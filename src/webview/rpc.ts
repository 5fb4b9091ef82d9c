// Browser side of the typed protocol: `ready` handshake, requests by id, state persistence.
import type { HostToWebview, RequestMap, WebviewToHost } from '../shared/webviewProtocol';

interface VsCodeApi<S> { postMessage(message: unknown): void; getState(): S | undefined; setState(state: S): void }
declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

export class HostConnection<State, Requests extends RequestMap, Events = never> {
  private readonly api = acquireVsCodeApi<State>();
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(handlers: { onState(state: State): void; onEvent?(event: Events): void }) {
    // Restore what the panel showed before it was hidden or VS Code reloaded, then ask for fresh state.
    const saved = this.api.getState();
    if (saved !== undefined) handlers.onState(saved);
    window.addEventListener('message', (e: MessageEvent<HostToWebview<State, Events>>) => {
      const message = e.data;
      if (message.type === 'state') {
        this.api.setState(message.state);
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
