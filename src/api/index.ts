// Public surface of the API: the Fastify app builder and authentication.
export { buildApp } from './app.ts';
export type { BuildAppOptions } from './app.ts';
export { createAuthenticator } from './auth.ts';
export type { Authenticator, Caller } from './auth.ts';
export { mayAccessApp } from './auth.ts';
export type { AuthOptions } from './auth.ts';
export type { ApiDeps, TrustServices } from './deps.ts';
