// Browser page events that matter for delivery. `visibilitychange` to hidden is the last event a
// page reliably gets on mobile; `pagehide` covers desktop unloads and the back/forward cache.
// Both save state and hand the queue to keepalive requests. `online` ends a backoff wait early.
// Everything is feature-detected: in Node (no document) this does nothing.

export type PageEnvironment = {
  document?: { visibilityState?: string, addEventListener(type: string, listener: () => void): void, removeEventListener(type: string, listener: () => void): void }
  window?: { addEventListener(type: string, listener: () => void): void, removeEventListener(type: string, listener: () => void): void }
}

export type PageHandlers = {
  /** The page may be going away: persist now and send what can be sent. */
  onHidden(): void
  /** Connectivity is back. */
  onOnline(): void
}

function currentEnvironment (): PageEnvironment {
  const scope = globalThis as unknown as { document?: PageEnvironment['document'], addEventListener?: unknown }
  return {
    document: typeof scope.document?.addEventListener === 'function' ? scope.document : undefined,
    window: typeof scope.addEventListener === 'function' ? scope as PageEnvironment['window'] : undefined
  }
}

/** Subscribes; returns the unsubscribe function. */
export function watchPageLifecycle (handlers: PageHandlers, environment: PageEnvironment = currentEnvironment()): () => void {
  const { document, window } = environment
  if (document === undefined || window === undefined) return () => {}
  const onVisibilityChange = (): void => {
    if (document.visibilityState === 'hidden') handlers.onHidden()
  }
  const onPageHide = (): void => handlers.onHidden()
  const onOnline = (): void => handlers.onOnline()
  document.addEventListener('visibilitychange', onVisibilityChange)
  window.addEventListener('pagehide', onPageHide)
  window.addEventListener('online', onOnline)
  // Bound now: unsubscribing must work even if the page's globals were replaced meanwhile.
  const removeFromDocument = document.removeEventListener.bind(document)
  const removeFromWindow = window.removeEventListener.bind(window)
  return () => {
    removeFromDocument('visibilitychange', onVisibilityChange)
    removeFromWindow('pagehide', onPageHide)
    removeFromWindow('online', onOnline)
  }
}
