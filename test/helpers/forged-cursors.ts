// Forged keyset cursors: what a client can send as `cursor` besides the tokens the API hands out.
// Every one must be answered 400 with a stable code, never reach SQL, never be a 500.

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const ID = '01a0f755-f2fa-757c-8f8e-5c403d8771a3';
const TS = Date.parse('2026-10-01T12:00:00Z');

export const FORGED_CURSORS: ReadonlyArray<readonly [string, string]> = [
  ['a time of 1e300', b64(JSON.stringify([1e300, ID]))],
  ['a time past the year 9999', b64(JSON.stringify([8.64e15, ID]))],
  ['a negative time', b64(JSON.stringify([-1, ID]))],
  ['a very negative time', b64(JSON.stringify([-8.64e15, ID]))],
  ['a fractional time', b64(JSON.stringify([TS + 0.5, ID]))],
  ['a time as a string', b64(JSON.stringify([String(TS), ID]))],
  ['a time as a date string', b64(JSON.stringify(['2026-10-01 12:00:00.000', ID]))],
  ['a time past the year 9999 as a date string', b64(JSON.stringify(['+275760-09-13T00:00:00.000Z', ID]))],
  ['a date string and an id of 36 dashes', b64(JSON.stringify(['2026-10-01 12:00:00.000', '-'.repeat(36)]))],
  ['an id of 36 dashes', b64(JSON.stringify([TS, '-'.repeat(36)]))],
  ['an id of 36 hex digits', b64(JSON.stringify([TS, 'a'.repeat(36)]))],
  ['an upper-case id', b64(JSON.stringify([TS, ID.toUpperCase()]))],
  ['an id that is a number', b64(JSON.stringify([TS, 42]))],
  ['a huge id string', b64(JSON.stringify([TS, 'f'.repeat(120)]))],
  ['one element', b64(JSON.stringify([TS]))],
  ['three elements', b64(JSON.stringify([TS, ID, 'x']))],
  ['an empty array', b64('[]')],
  ['an object', b64(JSON.stringify({ 0: TS, 1: ID }))],
  ['null', b64('null')],
  ['JSON with extra spaces', b64(`[ ${TS}, "${ID}" ]`)],
  ['not JSON', b64('[1,')],
  ['not base64url', '!!!!$$$$'],
  ['base64 with padding and +/', Buffer.from(JSON.stringify([TS, ID])).toString('base64').replace(/=*$/, '==').replace(/[A-Za-z]/, '+')],
  ['garbage', 'garbage'],
  ['a huge string', 'A'.repeat(190)],
];
