// Privacy scrubbing before storage: personal data that apps send by mistake never reaches the
// store. Property strings lose e-mail addresses, phone numbers and card numbers (Luhn-checked);
// denylisted keys are dropped at any depth; URLs lose e-mail addresses; session ids become keyed
// hashes (HMAC-SHA256 with a per-install secret) so sessions still group but cannot be replayed or
// linked across installs. This module never logs what it removes.

import { createHmac } from 'node:crypto';

export interface ScrubOptions {
  readonly emails: boolean;
  readonly phones: boolean;
  readonly cards: boolean;
  /** property keys dropped at any depth (case-insensitive; '-' and '_' are the same) */
  readonly denyKeys: readonly string[];
  /** secret for session id hashes; undefined = session ids are kept as sent */
  readonly sessionSecret?: string;
}

export const EMAIL_MARK = '[email]';
export const PHONE_MARK = '[phone]';
export const CARD_MARK = '[card]';

// bounded parts keep the scan linear on long strings without an '@'
const EMAIL_RE = /[A-Za-z0-9._%+-]{1,64}(?:@|%40)[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}/g;
const CARD_CANDIDATE_RE = /(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])/g;
// a time like 2026-10-01 12:00 is not a phone number: a candidate may not run into ':' or a word
const PHONE_CANDIDATE_RE = /(?<![\w+\-/.])(?:\+|00)?\(?\d[\d ().-]{6,22}\d(?![\w:])/g;
const IPV4_RE = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const DATE_RE = /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{4}$/;

/** true when the digits pass the Luhn checksum (all card numbers do; few random numbers do) */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

function looksLikePhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 9 || digits.length > 15) return false;
  if (IPV4_RE.test(candidate) || DATE_RE.test(candidate)) return false;
  const international = candidate.startsWith('+') || /^00[1-9]/.test(candidate);
  const separators = candidate.replace(/[\d]/g, '');
  if (international) return true;
  if (separators.length === 0) return false; // a bare number is more likely an id or an amount
  if (/^\.+$/.test(separators) && separators.length < 2) return false; // a decimal number
  return true;
}

/** memo sizes: a session id repeats on every event of its session, a property key on every event of its app */
const SESSION_MEMO_ENTRIES = 65_536;
const KEY_MEMO_ENTRIES = 4_096;

export function createScrubber(options: ScrubOptions) {
  const denied = new Set(options.denyKeys.map(normaliseKey));
  const anyText = options.emails || options.phones || options.cards;
  // the keyed hash of a session id, and whether a key is denied, computed once per value (bounded:
  // cleared when full); the hash is the costliest step of the pipeline without it
  const sessionHashes = new Map<string, string>();
  const deniedKeys = new Map<string, boolean>();

  function isDenied(key: string): boolean {
    let d = deniedKeys.get(key);
    if (d === undefined) {
      d = denied.has(normaliseKey(key));
      if (deniedKeys.size >= KEY_MEMO_ENTRIES) deniedKeys.clear();
      deniedKeys.set(key, d);
    }
    return d;
  }

  function scrubText(value: string): string {
    let out = value;
    if (options.emails && (out.includes('@') || out.includes('%40'))) out = out.replace(EMAIL_RE, EMAIL_MARK);
    if (options.cards && /\d{4}/.test(out)) {
      out = out.replace(CARD_CANDIDATE_RE, (m) => {
        const digits = m.replace(/\D/g, '');
        return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? CARD_MARK : m;
      });
    }
    if (options.phones && /\d{3}/.test(out)) out = out.replace(PHONE_CANDIDATE_RE, (m) => (looksLikePhone(m) ? PHONE_MARK : m));
    return out;
  }

  /** a scrubbed copy, or the same value when nothing needed scrubbing (a copy is made only then) */
  function scrubValue(value: unknown): unknown {
    if (typeof value === 'string') return anyText ? scrubText(value) : value;
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        const s = scrubValue(v);
        if (s !== v && out === undefined) out = value.slice(0, i);
        out?.push(s);
      }
      return out ?? value;
    }
    if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      let out: Record<string, unknown> | undefined;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        const v = record[k];
        const drop = denied.size > 0 && isDenied(k);
        const s = drop ? undefined : scrubValue(v);
        if (out === undefined && (drop || s !== v)) {
          // the first change: the keys before it, as they were
          out = {};
          for (let j = 0; j < i; j++) setData(out, keys[j], record[keys[j]]);
        }
        if (out !== undefined && !drop) setData(out, k, s);
      }
      return out ?? value;
    }
    return value;
  }

  return {
    /** properties without denylisted keys and with personal data in strings replaced */
    properties<T extends Record<string, unknown>>(properties: T): T {
      return scrubValue(properties) as T;
    },
    /** free text such as a page URL or referrer: e-mail addresses removed */
    url(value: string): string {
      return options.emails && (value.includes('@') || value.includes('%40')) ? value.replace(EMAIL_RE, EMAIL_MARK) : value;
    },
    text: (value: string): string => (anyText ? scrubText(value) : value),
    /** the stored form of a session id: a keyed hash, stable within one install */
    sessionId(sessionId: string): string {
      if (!options.sessionSecret || sessionId === '') return sessionId;
      let hashed = sessionHashes.get(sessionId);
      if (hashed === undefined) {
        hashed = 'sh_' + createHmac('sha256', options.sessionSecret).update(sessionId).digest('hex').slice(0, 32);
        if (sessionHashes.size >= SESSION_MEMO_ENTRIES) sessionHashes.clear();
        sessionHashes.set(sessionId, hashed);
      }
      return hashed;
    },
  };
}

/** defined, not assigned: a key named __proto__ stays data instead of setting the prototype */
function setData(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/-/g, '_');
}

export type Scrubber = ReturnType<typeof createScrubber>;
