// PostHog capture events as Tally wire events. The field-by-field mapping is
// docs/migrate-from-posthog.md; in short: uuid → event id (UUID v5 when it is not a UUID),
// distinct_id → user_id (anonymous_id while posthog-js says the user is not identified), $session_id
// → session_id, $current_url/$referrer/$raw_user_agent/$ip/$browser_language/$lib/$screen_* → the
// event's context, timestamps corrected as PostHog does (now − (sent_at − timestamp), or now −
// offset). $identify and $create_alias link the person's ids; $set and $set_once set profile traits.

import { compact, eventIdOf, idText, isPlainObject, text, timeMs, type Mapped, type TraitUpdate } from './mapped.ts';

export interface PostHogContext {
  readonly appId: string;
  readonly receivedAtMs: number;
  /** the batch's sent_at (body, or the query's sent_at in ms), when the event has none */
  readonly sentAt?: unknown;
  /** the request's address and user agent: what a browser library's events were sent from */
  readonly requestIp?: string;
  readonly requestUserAgent?: string;
}

/** properties that say who sent the event or carry person updates: read, never stored as properties */
const CONSUMED = new Set(['token', 'api_key', 'distinct_id', '$set', '$set_once', '$unset']);

const invalid = (message: string): Mapped => ({ ok: false, code: 'TALLY_ERR_CAPTURE_INVALID', message: `invalid posthog message: ${message}` });

/** PostHog's timestamp rule: sent_at and timestamp → receivedAt − (sent_at − timestamp); offset → receivedAt − offset; else timestamp; else receivedAt */
export function posthogTimestampMs(message: Record<string, unknown>, receivedAtMs: number, batchSentAt?: unknown): number | undefined {
  const ts = timeMs(message.timestamp);
  if (message.timestamp !== undefined && message.timestamp !== null && ts === undefined) return undefined;
  const sentAt = timeMs(message.sent_at) ?? timeMs(batchSentAt);
  if (ts !== undefined && sentAt !== undefined) return receivedAtMs - (sentAt - ts);
  if (typeof message.offset === 'number' && Number.isFinite(message.offset) && message.offset >= 0) return receivedAtMs - message.offset;
  return ts ?? receivedAtMs;
}

function contextOf(p: Record<string, unknown>, ctx: PostHogContext): Record<string, unknown> {
  const browser = p.$lib === 'web';
  const width = p.$screen_width;
  const height = p.$screen_height;
  return compact({
    ip: text(p.$ip, 64) ?? (browser && p.$geoip_disable !== true ? ctx.requestIp : undefined),
    user_agent: text(p.$raw_user_agent) ?? (browser ? ctx.requestUserAgent?.slice(0, 2048) : undefined),
    page_url: text(p.$current_url),
    referrer: p.$referrer === '$direct' ? undefined : text(p.$referrer),
    locale: text(p.$browser_language, 32),
    timezone: text(p.$timezone, 64),
    app_version: text(p.$app_version, 64),
    library: text(p.$lib, 64),
    library_version: text(p.$lib_version, 64),
    screen: typeof width === 'number' && typeof height === 'number' ? `${width}x${height}` : undefined,
    device_type: text(p.$device_type, 64),
  });
}

/** $set / $set_once of an event: top-level wins over the same key in properties */
function personUpdates(message: Record<string, unknown>, p: Record<string, unknown>, personId: string, atMs: number): TraitUpdate[] | string {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const key of ['$set', '$set_once'] as const) {
    const inProps = p[key] ?? {};
    const top = message[key] ?? {};
    if (!isPlainObject(inProps) || !isPlainObject(top)) return `${key} must be an object`;
    merged[key] = { ...inProps, ...top };
  }
  const set = merged.$set;
  const setOnce = merged.$set_once;
  return Object.keys(set).length + Object.keys(setOnce).length > 0 ? [{ userId: personId, set, setOnce, atMs }] : [];
}

/** One PostHog event. */
export function mapPostHogEvent(message: unknown, ctx: PostHogContext): Mapped {
  if (!isPlainObject(message)) return invalid('an event must be a JSON object');
  const name = message.event;
  if (typeof name !== 'string' || name === '') return invalid('event is required');
  const p = message.properties ?? {};
  if (!isPlainObject(p)) return invalid('properties must be an object');
  const distinctId = idText(message.distinct_id) ?? idText(p.distinct_id) ?? idText(message.$distinct_id);
  if (distinctId === undefined) return invalid('distinct_id is required');
  const tsMs = posthogTimestampMs(message, ctx.receivedAtMs, ctx.sentAt);
  if (tsMs === undefined) return invalid('timestamp must be an ISO 8601 time');

  const anonDistinctId = name === '$identify' ? idText(p.$anon_distinct_id) : undefined;
  const aliasId = name === '$create_alias' ? idText(p.alias) : undefined;
  // posthog-js marks events sent before identify; the id is then an anonymous one
  const anonymous = p.$is_identified === false && name !== '$identify';
  const updates = personUpdates(message, p, distinctId, tsMs);
  if (typeof updates === 'string') return invalid(updates);

  const properties = Object.fromEntries(Object.entries(p).filter(([k]) => !CONSUMED.has(k)));
  const event = compact({
    event_id: eventIdOf('posthog', ctx.appId, message.uuid),
    app_id: ctx.appId,
    event_name: name,
    user_id: anonymous ? undefined : distinctId,
    anonymous_id: anonymous ? distinctId : anonDistinctId,
    session_id: idText(p.$session_id),
    timestamp: new Date(tsMs).toISOString(),
    properties,
    context: contextOf(p, ctx),
    metadata: compact({ protocol: 'posthog', uuid: typeof message.uuid === 'string' ? message.uuid.slice(0, 256) : undefined }),
  });
  const links = [
    ...(anonDistinctId !== undefined ? [{ aliasId: anonDistinctId, personId: distinctId, linkedAtMs: tsMs, via: '$identify' }] : []),
    ...(aliasId !== undefined ? [{ aliasId, personId: distinctId, linkedAtMs: tsMs, via: '$create_alias' }] : []),
  ];
  return { ok: true, event, links, traits: updates };
}
