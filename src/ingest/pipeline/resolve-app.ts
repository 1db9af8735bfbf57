// Step 3, resolve app: the event's app must be registered. Without an app registry (fixtures,
// benchmarks) every app passes.

import { ok, reject, type Envelope, type StepResult } from './types.ts';

export interface ResolveAppOptions {
  /** is this app registered? undefined = every app is */
  readonly appExists?: (appId: string) => boolean;
}

export function createResolveApp(options: ResolveAppOptions = {}) {
  const { appExists } = options;
  return function resolveApp<E extends Envelope>(event: E): StepResult<E> {
    if (appExists && !appExists(event.appId)) return reject('TALLY_ERR_APP_UNKNOWN', event.appId);
    return ok(event);
  };
}
