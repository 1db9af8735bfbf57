// Webhook signatures. Two headers, one key (the rule's secret):
//   x-tally-signature: sha256=<hex HMAC-SHA256(secret, body)>            (the contract's plain form)
//   x-tally-timestamp: <unix seconds>
//   x-tally-signature-v1: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
// The second binds the time into the signature, so a receiver that checks it and refuses a
// timestamp more than a few minutes away from its clock cannot be replayed an old delivery later
// (the scheme Stripe's webhooks use); `x-tally-delivery-id` lets it drop a repeat within that window.

import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-tally-signature';
export const TIMESTAMP_HEADER = 'x-tally-timestamp';
export const TIMED_SIGNATURE_HEADER = 'x-tally-signature-v1';
export const DELIVERY_ID_HEADER = 'x-tally-delivery-id';

/** the default tolerance a receiver should allow between the timestamp and its clock */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const hmacHex = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('hex');

export function signatureHeaders(secret: string, body: string, timestampSeconds: number): Record<string, string> {
  return {
    [SIGNATURE_HEADER]: `sha256=${hmacHex(secret, body)}`,
    [TIMESTAMP_HEADER]: String(timestampSeconds),
    [TIMED_SIGNATURE_HEADER]: `t=${timestampSeconds},v1=${hmacHex(secret, `${timestampSeconds}.${body}`)}`,
  };
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** the contract's check: `sha256=<hex>` over the body */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  return typeof header === 'string' && sameHex(header, `sha256=${hmacHex(secret, body)}`);
}

/** the replay-safe check: the timed signature matches and its time is within `toleranceSeconds` of `nowSeconds` */
export function verifyTimedSignature(secret: string, body: string, header: string | undefined, nowSeconds: number, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): boolean {
  if (typeof header !== 'string' || header.length > 512) return false;
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  return sameHex(m[2], hmacHex(secret, `${t}.${body}`));
}
