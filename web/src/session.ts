// The signed-in session, kept in sessionStorage (gone when the browser session ends): the token
// (a read key or the admin token), what kind it is, and the app being looked at.
export interface Session {
  readonly token: string;
  readonly kind: 'admin' | 'read';
  readonly appId: string;
  /** apps to switch between: every app for the admin token, the ones typed so far for a read key */
  readonly apps: readonly string[];
}

const KEY = 'tally:session';

export function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}
