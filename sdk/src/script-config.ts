// The one-line script's configuration: its own `data-` attributes (see script-tag.ts).

export type ScriptConfig = {
  host: string
  writeKey: string
  appId: string
  /** `data-auto-pageviews="false"` turns automatic page views off */
  pageviews: boolean
  /** `data-hash`: a change of `location.hash` is a navigation (hash-routed apps) */
  hashRouting: boolean
  /** `data-outbound-links`: clicks on links to other hosts become `outbound_link_click` */
  outboundLinks: boolean
  /** `data-file-downloads[="pdf,zip"]`: clicks on links to these file types become `file_download` */
  fileExtensions: string[]
}

export const DEFAULT_FILE_EXTENSIONS = 'pdf xlsx xls csv docx doc pptx ppt txt rtf zip gz tgz rar 7z dmg pkg exe msi apk iso mp3 mp4 mov avi wav epub'.split(' ')

type Attributes = { getAttribute(name: string): string | null, hasAttribute(name: string): boolean }

/** The configuration in a script element's attributes, or a message naming what is missing. */
export function readScriptConfig (script: Attributes & { src?: string }, pageUrl: string): ScriptConfig | string {
  const writeKey = script.getAttribute('data-write-key')?.trim()
  const appId = script.getAttribute('data-app')?.trim()
  if (!writeKey) return 'data-write-key is missing'
  if (!appId) return 'data-app is missing'
  let host = script.getAttribute('data-host')?.trim()
  if (!host) {
    if (!script.src) return 'data-host is missing'
    host = new URL(script.src, pageUrl).origin
  }
  const downloads = script.getAttribute('data-file-downloads')
  return {
    host: host.replace(/\/+$/, ''),
    writeKey,
    appId,
    pageviews: script.getAttribute('data-auto-pageviews') !== 'false',
    hashRouting: script.hasAttribute('data-hash'),
    outboundLinks: script.hasAttribute('data-outbound-links'),
    fileExtensions: downloads === null
      ? []
      : !downloads.trim() ? DEFAULT_FILE_EXTENSIONS : downloads.toLowerCase().split(/[\s,.]+/).filter(Boolean)
  }
}
