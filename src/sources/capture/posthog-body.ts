// A PostHog capture request's body, however its libraries send it: JSON (posthog-node, with
// Content-Encoding: gzip undone before this), gzip bytes in a text/plain or JSON body (posthog-js's
// `gzip-js`, marked by ?compression=gzip-js or only by the gzip magic bytes), and form posts of
// `data=<base64 JSON>` (?compression=base64, navigator.sendBeacon) or `data=<JSON>`. lz64 is
// refused: current libraries no longer send it. The decompressed size is bounded like any body.

import { gunzipSync } from 'node:zlib';
import { TallyError } from '../../errors.ts';

export type Decoded = { readonly ok: true; readonly body: unknown } | { readonly ok: false; readonly reason: string };

const isGzip = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

function parseJson(text: string): Decoded {
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'the body is not valid JSON' };
  }
}

function gunzip(bytes: Buffer, maxBytes: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new TallyError('TALLY_ERR_REQUEST_BODY_TOO_LARGE', [maxBytes]);
    throw new TallyError('TALLY_ERR_REQUEST_BAD_ENCODING', ['invalid gzip data']);
  }
}

/**
 * The JSON a capture request carries. `raw` is the body as bytes (or already parsed JSON),
 * `contentType` its media type, `compression` the query's compression parameter.
 */
export function decodePostHogBody(raw: unknown, contentType: string, compression: string | undefined, maxBytes: number): Decoded {
  if (compression === 'lz64') return { ok: false, reason: 'lz64 compression is not supported (send gzip-js, gzip or base64)' };
  if (!Buffer.isBuffer(raw)) return raw === undefined || raw === null ? { ok: false, reason: 'the body is empty' } : { ok: true, body: raw };
  if (raw.length === 0) return { ok: false, reason: 'the body is empty' };
  if (compression === 'gzip-js' || compression === 'gzip' || isGzip(raw)) return parseJson(gunzip(raw, maxBytes).toString('utf8'));
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const data = new URLSearchParams(raw.toString('utf8')).get('data');
    if (data === null) return { ok: false, reason: 'a form post needs a data field' };
    if (compression === 'base64' || !/^\s*[[{]/.test(data)) {
      const bytes = Buffer.from(data, 'base64');
      return isGzip(bytes) ? parseJson(gunzip(bytes, maxBytes).toString('utf8')) : parseJson(bytes.toString('utf8'));
    }
    return parseJson(data);
  }
  return parseJson(raw.toString('utf8'));
}
