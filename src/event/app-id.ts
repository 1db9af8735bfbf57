// The app id: what every event names its app by, what keys are scoped to and what rows are
// partitioned for. Lowercase letters, digits, '_' and '-', at most 64, never ':' (Kafka message
// keys are `app:user`).

/** the rule as a pattern string (JSON Schema / TypeBox `pattern`) */
export const APP_ID_PATTERN = '^[a-z0-9][a-z0-9_-]{0,63}$';
export const APP_ID_RE = new RegExp(APP_ID_PATTERN);

export function isAppId(value: unknown): value is string {
  return typeof value === 'string' && APP_ID_RE.test(value);
}
