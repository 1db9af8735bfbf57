import { test } from 'node:test'
import assert from 'node:assert/strict'
import { uuidv7 } from '../src/index.ts'
import { createUuidV7Generator, uuidv4, uuidv7Timestamp } from '../src/uuid.ts'

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

test('uuidv7 has the RFC 9562 layout: version 7, variant 10, lower-case hex', () => {
  for (let i = 0; i < 1000; i++) assert.match(uuidv7(), UUID_V7)
})

test('uuidv7 carries the current Unix time in ms in its first 48 bits', () => {
  const before = Date.now()
  const id = uuidv7()
  const after = Date.now()
  const ms = uuidv7Timestamp(id)
  assert.ok(ms >= before && ms <= after + 1, `${ms} not in [${before}, ${after}]`)
})

test('ids made one after another are unique and sort in creation order', () => {
  const ids = Array.from({ length: 20_000 }, () => uuidv7())
  assert.equal(new Set(ids).size, ids.length)
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1] < ids[i], `${ids[i - 1]} !< ${ids[i]}`)
})

test('within one millisecond the counter keeps order; an exhausted counter borrows the next ms', () => {
  const generate = createUuidV7Generator({ now: () => 1_700_000_000_000 })
  const ids = Array.from({ length: 10_000 }, () => generate())
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1] < ids[i])
  for (const id of ids) assert.match(id, UUID_V7)
  assert.equal(uuidv7Timestamp(ids[0]), 1_700_000_000_000)
  // 10 000 ids cannot fit one 12-bit counter: the timestamp must have advanced, by a few ms only.
  const last = uuidv7Timestamp(ids[ids.length - 1])
  assert.ok(last > 1_700_000_000_000 && last < 1_700_000_000_010, `last timestamp ${last}`)
})

test('a clock that steps back does not make ids go back', () => {
  let now = 1_700_000_000_500
  const generate = createUuidV7Generator({ now: () => now })
  const first = generate()
  now -= 400
  const second = generate()
  assert.ok(first < second)
  assert.equal(uuidv7Timestamp(second), 1_700_000_000_500)
})

test('uuidv4 (anonymous ids) is random: version 4, variant 10, unique', () => {
  const ids = Array.from({ length: 1000 }, () => uuidv4())
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  assert.equal(new Set(ids).size, ids.length)
})
