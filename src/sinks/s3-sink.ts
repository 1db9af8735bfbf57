// Parquet objects in an S3-compatible bucket, written by the engine (INSERT INTO FUNCTION s3 …),
// in the layout of the file sink:
//   <prefix>app_id=<app>/date=<YYYY-MM-DD>/<sink>-batch-<seq>.parquet
// An object appears whole when its upload completes, and a retry or a resumed batch writes the same
// keys again (replacing them), so nothing is duplicated. Erasure rewrites the objects holding the
// user's rows in place (the old object stays readable until the new one completes).

import { TallyError } from '../errors.ts';
import type { StoreConnection } from '../store/index.ts';
import { batchSelect, rangeParams } from './export-rows.ts';
import type { S3SinkConfig } from './sink-config.ts';
import { batchFileName, errorText, type BatchToWrite, type SinkWriter, type WriteResult } from './sink-writer.ts';

/** the engine's error, as a sink error an operator can act on */
export function s3Error(err: unknown, config: S3SinkConfig): TallyError {
  const text = errorText(err);
  if (/NoSuchBucket|bucket does not exist/i.test(text)) return new TallyError('TALLY_ERR_SINK_BUCKET_MISSING', [`${config.bucket} at ${config.endpoint}`], { cause: err });
  if (/InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied|Access Denied|403/i.test(text)) return new TallyError('TALLY_ERR_SINK_AUTH', [`${config.endpoint}: access denied`], { cause: err });
  if (/Connection refused|Couldn't resolve|Timeout|timed out|ECONNREFUSED|Poco::Exception|Network/i.test(text)) return new TallyError('TALLY_ERR_SINK_UNREACHABLE', [config.endpoint], { cause: err });
  return new TallyError('TALLY_ERR_SINK_WRITE_FAILED', [text.slice(0, 200)], { cause: err });
}

export function createS3Sink(store: StoreConnection, config: S3SinkConfig, sinkId: string, connectTimeoutMs: number): SinkWriter {
  // the engine's own S3 retries (many, by default) would hold a batch for minutes on an outage: one
  // retry there, the batch's backoff here
  const limits = `s3_retry_attempts = 1, s3_connect_timeout_ms = ${Math.trunc(connectTimeoutMs)}, s3_request_timeout_ms = 60000`;
  const base = `${config.endpoint}/${config.bucket}/${config.prefix}`;
  const auth = config.accessKeyId === undefined ? 'NOSIGN' : '{key:String}, {secret:String}';
  const authParams = config.accessKeyId === undefined ? {} : { key: config.accessKeyId, secret: config.secretAccessKey };
  const s3 = (param: string) => `s3({${param}:String}, ${auth}, 'Parquet')`;
  // some servers answer a write to a missing bucket with AccessDenied: a listing tells them apart
  const bucketMissing = () =>
    store
      .query(`SELECT count() AS n FROM ${s3('probe')} SETTINGS ${limits}`, { ...authParams, probe: `${base}tally-bucket-probe-*.parquet` })
      .then(
        () => false,
        (err: unknown) => /NoSuchBucket|bucket does not exist/i.test(errorText(err)),
      );
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof TallyError) throw err;
      const mapped = s3Error(err, config);
      if (mapped.code === 'TALLY_ERR_SINK_AUTH' && (await bucketMissing())) throw new TallyError('TALLY_ERR_SINK_BUCKET_MISSING', [`${config.bucket} at ${config.endpoint}`], { cause: err });
      throw mapped;
    }
  };
  const appBase = (appId: string) => `${base}app_id=${appId}/`;

  return {
    write(batch: BatchToWrite): Promise<WriteResult> {
      return guard(async () => {
        const appId = batch.sink.appId;
        const name = batchFileName(sinkId, batch.batchSeq);
        await store.command(
          `INSERT INTO FUNCTION ${s3('target')}
           PARTITION BY toString(toDate(timestamp))
           ${batchSelect(batch.eventColumns)}
           SETTINGS s3_truncate_on_insert = 1, output_format_parquet_compression_method = 'zstd', ${limits}`,
          { ...rangeParams(appId, batch.from, batch.to), ...authParams, target: `${appBase(appId)}date={_partition_id}/${name}` },
        );
        // read back what landed: rows from the objects themselves, bytes from their sizes
        const [r] = await store.query<{ n: number; bytes: number }>(
          `SELECT sum(n) AS n, toUInt64(sum(size)) AS bytes FROM (SELECT _path, count() AS n, any(_size) AS size FROM ${s3('glob')} GROUP BY _path) SETTINGS ${limits}`,
          { ...authParams, glob: `${appBase(appId)}date=*/${name}` },
        );
        return { rows: r?.n ?? 0, bytes: r?.bytes ?? 0 };
      });
    },

    eraseUser(appId: string, userId: string): Promise<number> {
      return guard(async () => {
        const hit = await store.query<{ file: string; n: number }>(
          `SELECT _path AS file, count() AS n FROM ${s3('glob')} WHERE ifNull(user_id, '') = {user:String} OR ifNull(anonymous_id, '') = {user:String} GROUP BY file SETTINGS ${limits}`,
          { ...authParams, glob: `${appBase(appId)}date=*/*.parquet`, user: userId },
        ).catch((err: unknown) => {
          // no object yet under the prefix: nothing to erase
          if (/Cannot extract table structure|no files|CANNOT_EXTRACT_TABLE_STRUCTURE/i.test(errorText(err))) return [];
          throw err;
        });
        let removed = 0;
        for (const { file, n } of hit) {
          // _path is bucket/key
          const key = file.startsWith(`${config.bucket}/`) ? file.slice(config.bucket.length + 1) : file;
          if (!key.startsWith(`${config.prefix}app_id=${appId}/`)) continue;
          const url = `${config.endpoint}/${config.bucket}/${key}`;
          await store.command(
            `INSERT INTO FUNCTION ${s3('target')} SELECT * FROM ${s3('source')} WHERE NOT (ifNull(user_id, '') = {user:String} OR ifNull(anonymous_id, '') = {user:String})
             SETTINGS s3_truncate_on_insert = 1, output_format_parquet_compression_method = 'zstd', ${limits}`,
            { ...authParams, target: url, source: url, user: userId },
          );
          removed += n;
        }
        return removed;
      });
    },
  };
}
