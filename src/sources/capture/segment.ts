// Segment's HTTP Tracking API messages (track, identify, page, screen, group, alias) as Tally wire
// events. The field-by-field mapping is docs/migrate-from-segment.md; in short: messageId → event id
// (UUID v5 when it is not a UUID), userId/anonymousId → user_id/anonymous_id, context ip, userAgent,
// page, locale, app, library, screen and device → the event's context, timestamps corrected for the
// client's clock as Segment defines it (receivedAt − (sentAt − originalTimestamp)). identify and
// alias also link the person's ids, identify's traits become profile traits.

import { cutText } from '../../event/index.ts';
import { compact, eventIdOf, idText, isPlainObject, text, timeMs, type Mapped } from './mapped.ts';

export const SEGMENT_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type SegmentType = (typeof SEGMENT_TYPES)[number];

/** the event names Tally stores for the calls that have none of their own */
export const SEGMENT_EVENT_NAMES: Readonly<Record<Exclude<SegmentType, 'track'>, string>> = {
  page: 'page_view',
  screen: 'screen_view',
  identify: '$identify',
  group: '$group',
  alias: '$create_alias',
};

/** Segment's limits: 32 KB per message, 500 KB per batch request */
export const SEGMENT_MAX_MESSAGE_BYTES = 32 * 1024;
export const SEGMENT_MAX_BATCH_BYTES = 500 * 1024;

export interface SegmentContext {
  readonly appId: string;
  readonly receivedAtMs: number;
  /** the batch's sentAt, when the message has none */
  readonly sentAt?: unknown;
}

const invalid = (message: string): Mapped => ({ ok: false, code: 'TALLY_ERR_CAPTURE_INVALID', message: `invalid segment message: ${message}` });

/**
 * The event's time: with sentAt, the client's clock is corrected — receivedAt − (sentAt −
 * originalTimestamp), where originalTimestamp is the message's originalTimestamp or, as the
 * libraries send it, its timestamp; without sentAt, timestamp as sent; without either, receivedAt.
 */
export function segmentTimestampMs(message: Record<string, unknown>, receivedAtMs: number, batchSentAt?: unknown): number | undefined {
  const original = timeMs(message.originalTimestamp) ?? timeMs(message.timestamp);
  const sentAt = timeMs(message.sentAt) ?? timeMs(batchSentAt);
  if (message.timestamp !== undefined && timeMs(message.timestamp) === undefined) return undefined;
  if (original !== undefined && sentAt !== undefined) return receivedAtMs - (sentAt - original);
  return original ?? receivedAtMs;
}

function screenText(screen: unknown): string | undefined {
  if (!isPlainObject(screen)) return undefined;
  const { width, height } = screen;
  return typeof width === 'number' && typeof height === 'number' ? `${width}x${height}` : undefined;
}

function contextOf(context: Record<string, unknown>): Record<string, unknown> {
  const page = isPlainObject(context.page) ? context.page : {};
  const app = isPlainObject(context.app) ? context.app : {};
  const library = isPlainObject(context.library) ? context.library : {};
  const device = isPlainObject(context.device) ? context.device : {};
  return compact({
    ip: text(context.ip, 64),
    user_agent: text(context.userAgent),
    page_url: text(page.url),
    referrer: text(page.referrer),
    locale: text(context.locale, 32),
    timezone: text(context.timezone, 64),
    app_version: text(app.version, 64),
    library: text(library.name, 64),
    library_version: text(library.version, 64),
    screen: screenText(context.screen),
    device_type: text(device.type, 64),
  });
}

/** what a call adds to its properties: page/screen name and category, group id and traits, identify traits */
function propertiesOf(type: SegmentType, message: Record<string, unknown>): Record<string, unknown> | string {
  const properties = message.properties ?? {};
  if (!isPlainObject(properties)) return 'properties must be an object';
  const traits = message.traits ?? {};
  if (!isPlainObject(traits)) return 'traits must be an object';
  switch (type) {
    case 'track':
      return properties;
    case 'page':
    case 'screen':
      return compact({ ...properties, name: properties.name ?? text(message.name, 200), category: properties.category ?? text(message.category, 200) });
    case 'identify':
      return traits;
    case 'group':
      return compact({ ...traits, group_id: idText(message.groupId) });
    case 'alias':
      return compact({ previous_id: idText(message.previousId) });
  }
}

/** One Segment message (of the call `type`, or the `type` it names inside a batch). */
export function mapSegmentMessage(message: unknown, type: SegmentType | undefined, ctx: SegmentContext): Mapped {
  if (!isPlainObject(message)) return invalid('a message must be a JSON object');
  const t = type ?? message.type;
  if (typeof t !== 'string' || !(SEGMENT_TYPES as readonly string[]).includes(t)) return invalid(`type must be one of ${SEGMENT_TYPES.join(', ')}`);
  const kind = t as SegmentType;
  const userId = idText(message.userId);
  const previousId = idText(message.previousId);
  const anonymousId = kind === 'alias' ? previousId : idText(message.anonymousId);
  if (kind === 'alias' && (userId === undefined || previousId === undefined)) return invalid('alias needs userId and previousId');
  if (userId === undefined && anonymousId === undefined) return invalid('userId or anonymousId is required');
  if (kind === 'group' && idText(message.groupId) === undefined) return invalid('group needs groupId');
  const name = kind === 'track' ? message.event : SEGMENT_EVENT_NAMES[kind];
  if (typeof name !== 'string' || name === '') return invalid('track needs an event name');
  const properties = propertiesOf(kind, message);
  if (typeof properties === 'string') return invalid(properties);
  const tsMs = segmentTimestampMs(message, ctx.receivedAtMs, ctx.sentAt);
  if (tsMs === undefined) return invalid('timestamp must be an ISO 8601 time');
  const context = isPlainObject(message.context) ? message.context : {};
  const messageId = idText(message.messageId);
  const event = compact({
    event_id: eventIdOf('segment', ctx.appId, messageId),
    app_id: ctx.appId,
    event_name: name,
    user_id: userId,
    anonymous_id: anonymousId,
    timestamp: new Date(tsMs).toISOString(),
    properties,
    context: contextOf(context),
    metadata: compact({ protocol: 'segment', type: kind, message_id: messageId === undefined ? undefined : cutText(messageId, 256) }),
  });
  const links =
    kind === 'alias' && userId !== undefined && previousId !== undefined
      ? [{ aliasId: previousId, personId: userId, linkedAtMs: tsMs, via: 'alias' }]
      : kind === 'identify' && userId !== undefined && anonymousId !== undefined
        ? [{ aliasId: anonymousId, personId: userId, linkedAtMs: tsMs, via: 'identify' }]
        : [];
  const person = userId ?? anonymousId;
  const traits = kind === 'identify' && person !== undefined && Object.keys(properties).length > 0 ? [{ userId: person, set: properties, setOnce: {}, atMs: tsMs }] : [];
  return { ok: true, event, links, traits };
}
