// PostgreSQL log sequence numbers ('16/B374D848': two 32-bit hex halves) as bigints, so positions
// compare and subtract exactly (a number loses bits past 2^53 bytes of WAL).

const LSN_RE = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

export function parseLsn(text: string): bigint {
  const m = LSN_RE.exec(text.trim());
  if (!m) throw new Error(`not an LSN: ${text}`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

export function isLsn(text: unknown): text is string {
  return typeof text === 'string' && LSN_RE.test(text);
}
