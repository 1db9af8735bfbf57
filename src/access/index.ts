// Public surface of access: apps, their API keys (minted, hashed, cached for authentication) and
// per-key rate limits.
export { createAppRegistry } from './apps.ts';
export type { AppRegistry, ApiKeyRecord, CreatedApp, KeyKind } from './apps.ts';
export { createKeyStore } from './keys.ts';
export type { KeyStore, KeyInfo, NewKey, CreateKeySpec } from './keys.ts';
export { createRateLimiter } from './rate-limit.ts';
export type { RateLimiter } from './rate-limit.ts';
