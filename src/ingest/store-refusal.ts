// Telling a row the engine refuses from a store that is down, and finding which rows those are.
// A shared insert fails as a whole when one row is malformed; retrying it unchanged fails again,
// forever. Rows are isolated by halving: what the engine accepts is stored, what it refuses alone
// is handed back with the engine's reason. Any other error (the store unavailable) is rethrown:
// it is the caller's to retry, never a reason to drop rows.

import { isTallyError } from '../errors.ts';
import { StoreError, isDataRefusalCode } from '../store/index.ts';

/** true when the insert failed on the rows it carried, not on the store */
export function isDataRefusal(err: unknown): boolean {
  const cause = isTallyError(err) ? err.cause : err;
  return cause instanceof StoreError && isDataRefusalCode(cause.engineCode);
}

export interface Refused<T> {
  readonly item: T;
  /** the engine's error for this row alone (for logs; never shown to clients) */
  readonly error: unknown;
}

/**
 * Inserts `items` (known to fail together on data) in halves until every item is stored or
 * refused alone. Resolves with the refused ones; rethrows any error that is not a data refusal.
 */
export async function isolateRefused<T>(items: readonly T[], insert: (items: readonly T[]) => Promise<void>, firstError: unknown): Promise<Array<Refused<T>>> {
  const refused: Array<Refused<T>> = [];
  const split = async (part: readonly T[], known: unknown): Promise<void> => {
    if (part.length === 0) return;
    let error = known;
    if (error === undefined) {
      try {
        await insert(part);
        return;
      } catch (err) {
        if (!isDataRefusal(err)) throw err;
        error = err;
      }
    }
    if (part.length === 1) {
      refused.push({ item: part[0], error });
      return;
    }
    const half = Math.ceil(part.length / 2);
    await split(part.slice(0, half), undefined);
    await split(part.slice(half), undefined);
  };
  await split(items, firstError);
  return refused;
}
