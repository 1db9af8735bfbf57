// The one-line script: what a site adds to its pages instead of a bundler import.
//
//   <script defer src="https://tally.example.com/tally.js" data-write-key="wk_…" data-app="shop"></script>
//
// Reads its configuration from its own `data-` attributes (script-config.ts), starts a client,
// records page views (the first load and every single-page-app navigation), optionally
// outbound-link and file-download clicks, and exposes `window.tally` with `track`, `identify`,
// `reset` and `flush`. Calls made before it loaded, through the stub
// `window.tally = window.tally || { q: [] }; tally.q.push(['track', 'signup', { plan: 'pro' }])`,
// are replayed in order. Delivery is the SDK's: batches, retries, localStorage queue, keepalive
// requests when the page is hidden. `GET /tally.js` bundles this file (src/api/script-bundle.ts);
// it is browser-only and kept small (≤ 6 kB gzip, tested).

import { createClient } from './client.ts'
import { DEFAULTS } from './options.ts'
import type { JsonObject } from './types.ts'
import { readScriptConfig } from './script-config.ts'

function start (script: HTMLScriptElement): void {
  const config = readScriptConfig(script, location.href)
  if (typeof config === 'string') {
    console.error(`tally.js: ${config}; nothing is tracked`)
    return
  }
  // The attributes were checked above; the SDK's option validation is left out of the bundle.
  const client = createClient({
    ...DEFAULTS,
    host: config.host,
    writeKey: config.writeKey,
    appId: config.appId,
    storage: 'auto',
    fetch: (input, init) => fetch(input, init),
    context: { user_agent: navigator.userAgent },
    onError: (error) => console.warn(`tally.js: ${error.message}`),
    onRejected: () => {}
  })

  let lastPage: string | undefined
  let referrer = document.referrer
  const pageview = (): void => {
    const key = location.pathname + location.search + (config.hashRouting ? location.hash : '')
    if (key === lastPage) return
    const properties: JsonObject = { page: location.pathname, url: location.href, title: document.title }
    if (referrer) properties.referrer = referrer
    lastPage = key
    referrer = location.href
    client.track('page_view', properties)
  }

  const api: Record<string, (...args: never[]) => unknown> = {
    track: (name: string, properties?: JsonObject) => client.track(name, properties),
    identify: (userId: string) => client.identify(userId),
    reset: () => client.reset(),
    flush: () => client.flush()
  }
  const queued = (window as { tally?: { q?: unknown[][] } }).tally?.q ?? []
  ;(window as { tally?: unknown }).tally = api
  for (const [method, ...args] of queued) {
    try {
      api[method as string](...(args as never[]))
    } catch (error) {
      console.warn(`tally.js: ${error}`)
    }
  }

  if (config.pageviews) {
    // After the router has updated the title.
    const onNavigate = (): unknown => setTimeout(pageview, 0)
    const { pushState } = history
    history.pushState = function (...args) {
      pushState.apply(this, args)
      onNavigate()
    }
    addEventListener('popstate', onNavigate)
    if (config.hashRouting) addEventListener('hashchange', onNavigate)
    pageview()
  }

  const onClick = (event: MouseEvent): void => {
    if (event.button > 1) return // a click, or a middle-button auxclick (a new tab)
    const link = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null
    if (!link || !/^https?:$/.test(link.protocol)) return
    const extension = /\.(\w+)$/.exec(link.pathname)?.[1].toLowerCase()
    if (extension && config.fileExtensions.includes(extension)) client.track('file_download', { url: link.href, extension })
    else if (config.outboundLinks && link.host !== location.host) client.track('outbound_link_click', { url: link.href })
    else return
    // The page may be about to go away: send now (what is unsent then goes with the keepalive requests).
    void client.flush()
  }
  if (config.outboundLinks || config.fileExtensions.length > 0) {
    document.addEventListener('click', onClick, true)
    document.addEventListener('auxclick', onClick, true)
  }
}

const script = (document.currentScript ?? document.querySelector('script[data-write-key][src*="tally.js"]')) as HTMLScriptElement | null
if (script) start(script)
else console.error('tally.js: cannot find its own <script> element')
