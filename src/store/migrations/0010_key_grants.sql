-- Keys beyond the first two of an app: a read key may be granted several apps (app_ids; empty
-- means its own app only), keys carry a name and an optional own rate limit, and rotation keeps
-- the key id while replacing the hash (a newer version of the row).
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS app_ids Array(String) AFTER app_id;
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS name String;
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS rate_per_second UInt32;
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS rotated_at Nullable(DateTime64(3, 'UTC'));
