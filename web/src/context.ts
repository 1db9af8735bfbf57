// What every page reads: the typed API client and the signed-in session.
import { createContext, useContext } from 'react';
import type { Api } from './api/client.ts';
import type { Session } from './session.ts';

export interface Tally {
  readonly api: Api;
  readonly session: Session;
  readonly setApp: (appId: string) => void;
}

export const TallyContext = createContext<Tally | undefined>(undefined);

export function useTally(): Tally {
  const t = useContext(TallyContext);
  if (!t) throw new Error('useTally outside the signed-in app');
  return t;
}
