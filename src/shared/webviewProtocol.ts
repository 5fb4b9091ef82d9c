// The typed message protocol between the extension host and its webviews. Shared as types by
// both sides (no vscode, no DOM imports here). Every panel declares its own request map.

/** Webview → host. */
export type WebviewToHost<Requests extends RequestMap> =
  | { readonly type: 'ready' }
  | { readonly [M in keyof Requests & string]: { readonly type: 'request'; readonly requestId: number; readonly method: M; readonly params: Requests[M]['params'] } }[keyof Requests & string];

/** Host → webview. */
export type HostToWebview<State, Events = never> =
  /** The full state: sent after `ready` and on every change; the webview also persists it. */
  | { readonly type: 'state'; readonly state: State }
  | { readonly type: 'response'; readonly requestId: number; readonly ok: true; readonly result: unknown }
  | { readonly type: 'response'; readonly requestId: number; readonly ok: false; readonly error: string }
  /** Long work reports progress (and streaming chunks) as events. */
  | { readonly type: 'event'; readonly event: Events };

export interface RequestSpec<P, R> { readonly params: P; readonly result: R }
export type RequestMap = Record<string, RequestSpec<unknown, unknown>>;
