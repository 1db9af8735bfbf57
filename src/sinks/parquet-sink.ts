// Parquet files in a local directory, written by the engine itself (INSERT INTO FUNCTION file …
// FORMAT Parquet, one file per event date of a batch):
//   <path>/app_id=<app>/date=<YYYY-MM-DD>/<sink>-batch-<seq>.parquet
// A batch is written whole into a staging directory (<path>/.staging/<sink>-<seq>/), then each file
// is renamed into place (atomic on one file system). A retry, or the resumed batch after a kill,
// writes the same rows to the same names, so nothing is duplicated and nothing is missed; a reader
// that globs *.parquet never sees a half-written file.
// Erasure rewrites the files holding the user's rows without them (same names, renamed over).

import { mkdir, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { TallyError } from '../errors.ts';
import type { StoreConnection } from '../store/index.ts';
import { batchSelect, rangeParams } from './export-rows.ts';
import type { ParquetSinkConfig } from './sink-config.ts';
import { batchFileName, type BatchToWrite, type SinkWriter, type WriteResult } from './sink-writer.ts';

const DATE_DIR_RE = /^date=(\d{4}-\d{2}-\d{2})$/;

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

async function writableDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new TallyError('TALLY_ERR_SINK_WRITE_FAILED', [`cannot create directory ${dir}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`], { cause: err });
  }
}

export function appDir(config: ParquetSinkConfig, appId: string): string {
  return path.join(config.path, `app_id=${appId}`);
}

export function createParquetSink(store: StoreConnection, config: ParquetSinkConfig, sinkId: string): SinkWriter {
  return {
    async write(batch: BatchToWrite): Promise<WriteResult> {
      const appId = batch.sink.appId;
      const staging = path.join(config.path, '.staging', `${sinkId}-${batch.batchSeq}`);
      await rm(staging, { recursive: true, force: true });
      await writableDir(staging);
      await store.command(
        `INSERT INTO FUNCTION file({target:String}, 'Parquet')
         PARTITION BY toString(toDate(timestamp))
         ${batchSelect(batch.eventColumns)}
         SETTINGS engine_file_truncate_on_insert = 1, output_format_parquet_compression_method = 'zstd'`,
        { ...rangeParams(appId, batch.from, batch.to), target: `${staging}/date={_partition_id}/part.parquet` },
      );
      const name = batchFileName(sinkId, batch.batchSeq);
      const written = new Set<string>();
      let bytes = 0;
      for (const entry of await readdir(staging)) {
        const m = DATE_DIR_RE.exec(entry);
        if (!m) continue;
        const source = path.join(staging, entry, 'part.parquet');
        if (!(await exists(source))) continue;
        bytes += (await stat(source)).size;
        const dir = path.join(appDir(config, appId), entry);
        await writableDir(dir);
        await rename(source, path.join(dir, name));
        written.add(entry);
      }
      // a date an earlier attempt of this batch wrote and this one did not (its rows were erased since)
      const root = appDir(config, appId);
      for (const entry of (await exists(root)) ? await readdir(root) : []) {
        if (DATE_DIR_RE.test(entry) && !written.has(entry)) await unlink(path.join(root, entry, name)).catch(() => {});
      }
      await rm(staging, { recursive: true, force: true });
      let rows = 0;
      if (written.size > 0) {
        const files = [...written].map((d) => path.join(root, d, name));
        const [r] = await store.query<{ n: number }>(`SELECT count() AS n FROM file({files:String}, 'Parquet')`, { files: files.length === 1 ? files[0] : `${root}/{${[...written].join(',')}}/${name}` });
        rows = r?.n ?? 0;
      }
      return { rows, bytes };
    },

    async eraseUser(appId: string, userId: string): Promise<number> {
      const root = appDir(config, appId);
      if (!(await exists(root))) return 0;
      const hit = await store.query<{ file: string; n: number }>(
        `SELECT _path AS file, count() AS n FROM file({glob:String}, 'Parquet')
         WHERE user_id = {user:String} OR anonymous_id = {user:String} GROUP BY file`,
        { glob: `${root}/date=*/*.parquet`, user: userId },
      );
      let removed = 0;
      for (const { file, n } of hit) {
        const clean = path.normalize(file);
        if (!clean.startsWith(root + path.sep)) continue;
        const tmp = `${clean}.erasing`;
        await store.command(
          `INSERT INTO FUNCTION file({tmp:String}, 'Parquet')
           SELECT * FROM file({file:String}, 'Parquet') WHERE NOT (ifNull(user_id, '') = {user:String} OR ifNull(anonymous_id, '') = {user:String})
           SETTINGS engine_file_truncate_on_insert = 1, output_format_parquet_compression_method = 'zstd'`,
          { tmp, file: clean, user: userId },
        );
        if (await exists(tmp)) {
          const [left] = await store.query<{ n: number }>(`SELECT count() AS n FROM file({tmp:String}, 'Parquet')`, { tmp });
          if ((left?.n ?? 0) === 0) {
            await unlink(tmp);
            await unlink(clean);
          } else await rename(tmp, clean);
        } else await unlink(clean);
        removed += n;
      }
      return removed;
    },
  };
}
