// Request bodies: JSON and NDJSON, optionally gzip-compressed. Size limits apply to the
// decompressed bytes (a small gzip bomb still stops at bodyLimit). An NDJSON line that is not
// valid JSON becomes a per-event rejection; it does not fail the other lines.

import { createGunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { TallyError } from '../errors.ts';

/** Marks an NDJSON line that did not parse; validation rejects it with its index. */
export class UnparsableLine {
  readonly line: number;
  constructor(line: number) {
    this.line = line;
  }
}

export function parseNdjson(text: string): unknown[] {
  const events: unknown[] = [];
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const raw = text.slice(start, end).trim();
    if (raw.length > 0) {
      try {
        events.push(JSON.parse(raw));
      } catch {
        events.push(new UnparsableLine(line));
      }
    }
    line++;
    start = end + 1;
  }
  return events;
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = request.headers['content-encoding'];
    if (!encoding || encoding === 'identity') return payload;
    if (encoding !== 'gzip') throw new TallyError('TALLY_ERR_REQUEST_BAD_ENCODING', [`unsupported content-encoding ${encoding}`]);
    const gunzip = Object.assign(createGunzip(), { receivedEncodedLength: 0 });
    payload.on('data', (chunk: Buffer) => {
      gunzip.receivedEncodedLength += chunk.length;
    });
    payload.on('error', (err) => gunzip.destroy(err));
    gunzip.on('error', () => {});
    payload.pipe(gunzip);
    return gunzip;
  });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new TallyError('TALLY_ERR_REQUEST_INVALID', ['body is not valid JSON']), undefined);
    }
  });
  app.addContentTypeParser(['application/x-ndjson', 'application/ndjson', 'application/jsonl'], { parseAs: 'string' }, (_req, body, done) => {
    done(null, { events: parseNdjson(body as string) });
  });
}
