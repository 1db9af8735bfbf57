// Webhook delivery: one notification POSTed as JSON with the signature headers (signature.ts),
// retried with exponential backoff and equal jitter (src/retry.ts) on network errors, timeouts, 429
// and 5xx — never on other 4xx, which a retry would not change. Every attempt is reported
// (onAttempt) for the delivery log; the result is the last attempt's.

import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { backoffDelayMs } from '../retry.ts';
import { payload, type Notification } from './payloads.ts';
import type { PayloadFormat } from './rule.ts';
import { DELIVERY_ID_HEADER, signatureHeaders } from './signature.ts';
import { literalHostProblem, publicOnlyLookup } from './webhook-address.ts';

export interface WebhookTarget {
  readonly url: string;
  readonly secret: string;
  readonly format: PayloadFormat;
}

export interface DeliveryAttempt {
  readonly deliveryId: string;
  readonly attempt: number;
  readonly atMs: number;
  readonly httpStatus: number;
  readonly error: string;
  readonly durationMs: number;
}

export interface DeliveryResult {
  readonly deliveryId: string;
  readonly status: 'delivered' | 'failed';
  readonly attempts: number;
  /** the last answer's status (0: none) */
  readonly httpStatus: number;
  readonly error: string;
}

export interface DeliveryOptions {
  /** attempts, the first included (default 5) */
  readonly attempts: number;
  /** delay before the first retry, doubled per retry (ms) */
  readonly retryBaseMs: number;
  /** one attempt's time limit (ms) */
  readonly timeoutMs: number;
  /** may connect to loopback, private and other non-public addresses (webhook-address.ts) */
  readonly privateNetworks: boolean;
  readonly onAttempt?: (attempt: DeliveryAttempt) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

const MAX_RETRY_DELAY_MS = 60_000;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const newDeliveryId = () => `dlv_${randomUUID()}`;

const retryable = (status: number) => status === 0 || status === 408 || status === 429 || status >= 500;

export async function deliver(target: WebhookTarget, notification: Notification, options: DeliveryOptions): Promise<DeliveryResult> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const body = payload(target.format, notification);
  let last: DeliveryAttempt | undefined;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    if (attempt > 1) await sleep(backoffDelayMs(attempt - 1, { baseDelayMs: options.retryBaseMs, maxDelayMs: MAX_RETRY_DELAY_MS, jitter: 'equal' }));
    const startedMs = now();
    let httpStatus = 0;
    let error = '';
    try {
      // signed at each attempt: a retry carries its own timestamp
      const headers = { 'content-type': 'application/json', 'user-agent': 'tally-alerts/1', [DELIVERY_ID_HEADER]: notification.deliveryId, ...signatureHeaders(target.secret, body, Math.floor(now() / 1000)) };
      httpStatus = await post(target.url, headers, body, options);
      if (httpStatus < 200 || httpStatus >= 300) error = `HTTP ${httpStatus}`;
    } catch (err) {
      error = (err instanceof Error ? err.message : String(err)).slice(0, 300);
    }
    if (error) error = `TALLY_ERR_ALERT_DELIVERY_FAILED: ${error}`;
    last = { deliveryId: notification.deliveryId, attempt, atMs: startedMs, httpStatus, error, durationMs: now() - startedMs };
    options.onAttempt?.(last);
    if (!error) return { deliveryId: notification.deliveryId, status: 'delivered', attempts: attempt, httpStatus, error: '' };
    if (!retryable(httpStatus)) break;
  }
  const final = last as DeliveryAttempt;
  return { deliveryId: notification.deliveryId, status: 'failed', attempts: final.attempt, httpStatus: final.httpStatus, error: final.error };
}

/**
 * One POST; resolves with the answer's status (redirects are not followed), rejects with a message
 * on a network error, a refused address or no answer within the time limit.
 */
function post(url: string, headers: Record<string, string>, body: string, options: DeliveryOptions): Promise<number> {
  const target = new URL(url);
  if (!options.privateNetworks) {
    const problem = literalHostProblem(target);
    if (problem) return Promise.reject(new Error(problem));
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      timeout: options.timeoutMs,
      agent: false,
      ...(options.privateNetworks ? {} : { lookup: publicOnlyLookup }),
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.end(body);
  });
}
