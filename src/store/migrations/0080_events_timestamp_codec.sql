-- The events' timestamps are read by nearly every question (buckets, funnels, retention, first
-- exposures). Stored as Delta + ZSTD they cost more to decompress than the rest of a scan: on 10M
-- events (bench/storage/timestamp-codec.ts) a daily count of one event read them in 69–105 ms, and
-- in 38–48 ms as T64 + LZ4, which also takes less room (33 against 37 MiB). The codec applies to the
-- parts written from now on; the engine rewrites older parts as it merges them.
ALTER TABLE events MODIFY COLUMN timestamp DateTime64(3, 'UTC') CODEC(T64, LZ4);
