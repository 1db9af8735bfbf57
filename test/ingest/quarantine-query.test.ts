// Reading the quarantine through the API with forged keyset cursors: every one is a coded 400
// before any query runs; the cursors the API hands out still page through every row once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FORGED_CURSORS } from '../helpers/forged-cursors.ts';
import { bearer, createApp, event, startTestTally } from '../helpers/tally.ts';

test('GET /v1/quarantine and replay answer every forged cursor with 400 TALLY_ERR_CURSOR_INVALID, never a 500', async (t) => {
  const tally = await startTestTally(t);
  const { writeKey, readKey } = await createApp(tally, 'shop');
  const sent = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: bearer(writeKey), payload: { events: Array.from({ length: 5 }, (_, i) => event({ user_id: `x_${i}`, bogus: i })) } });
  assert.equal(sent.statusCode, 200, sent.body);

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res: { statusCode: number; body: string; json(): unknown } = await tally.app.inject({ method: 'GET', url: `/v1/quarantine?app_id=shop&limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: bearer(readKey) });
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json() as { items: Array<{ quarantine_id: string }>; next_cursor: string | null };
    seen.push(...page.items.map((i) => i.quarantine_id));
    cursor = page.next_cursor;
  } while (cursor);
  assert.equal(new Set(seen).size, 5, 'the cursors the API hands out page through every row once');

  for (const [what, forged] of FORGED_CURSORS) {
    const list = await tally.app.inject({ method: 'GET', url: `/v1/quarantine?app_id=shop&cursor=${encodeURIComponent(forged)}`, headers: bearer(readKey) });
    assert.equal(list.statusCode, 400, `list, ${what}: ${list.body}`);
    assert.equal(list.json().error.code, 'TALLY_ERR_CURSOR_INVALID', `list, ${what}`);
    const replay = await tally.app.inject({ method: 'POST', url: '/v1/quarantine/replay', headers: bearer(writeKey), payload: { app_id: 'shop', cursor: forged } });
    assert.equal(replay.statusCode, 400, `replay, ${what}: ${replay.body}`);
    assert.equal(replay.json().error.code, 'TALLY_ERR_CURSOR_INVALID', `replay, ${what}`);
  }
});
