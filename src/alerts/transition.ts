// The state machine of one rule, as a pure function: ok → pending (the condition holds, not yet for
// its `for`) → firing → ok. A notification is due when a rule starts firing, and a resolved one when
// a firing episode that notified ends. Whether it is sent (silence, cooldown, no webhook) is the
// caller's decision (service.ts).

import type { AlertState, RuleState } from './rule-store.ts';

export interface Transition {
  readonly next: RuleState;
  readonly previous: AlertState;
  readonly changed: boolean;
  readonly notify: 'firing' | 'resolved' | undefined;
}

export function transition(prev: RuleState, breached: boolean, forMs: number, atMs: number): Transition {
  if (breached) {
    const breachSinceMs = prev.breachSinceMs ?? atMs;
    const state: AlertState = atMs - breachSinceMs >= forMs ? 'firing' : 'pending';
    const startsFiring = state === 'firing' && prev.state !== 'firing';
    return {
      next: { ...prev, state, breachSinceMs, evaluatedAtMs: atMs, firingNotified: startsFiring ? false : prev.firingNotified },
      previous: prev.state,
      changed: state !== prev.state,
      notify: startsFiring ? 'firing' : undefined,
    };
  }
  return {
    next: { ...prev, state: 'ok', breachSinceMs: null, evaluatedAtMs: atMs, firingNotified: false },
    previous: prev.state,
    changed: prev.state !== 'ok',
    notify: prev.state === 'firing' && prev.firingNotified ? 'resolved' : undefined,
  };
}
