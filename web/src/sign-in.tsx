// Sign in with a read key (and the app it reads) or the admin token. The key is checked against
// the API before it is kept: the admin token lists the apps; a read key must read the app named.
import { type FormEvent, useState } from 'react';
import { ApiError, createApi, unwrap } from './api/client.ts';
import { TextInput } from './ui/kit.tsx';
import type { Session } from './session.ts';

export async function checkToken(token: string, appId: string): Promise<Session> {
  const api = createApi(token, () => {});
  const apps = await api.GET('/v1/apps');
  if (apps.response.ok && apps.data) {
    const list = apps.data.apps;
    const chosen = appId && list.includes(appId) ? appId : (list[0] ?? '');
    if (!chosen) throw new ApiError(404, 'NO_APPS', 'this server has no apps yet: create one with POST /v1/apps');
    return { token, kind: 'admin', appId: chosen, apps: list };
  }
  if (apps.response.status === 401) await unwrap(Promise.resolve(apps));
  if (!appId) throw new ApiError(400, 'APP_REQUIRED', 'a read key reads named apps: enter the app id');
  await unwrap(api.GET('/v1/quarantine/summary', { params: { query: { app_id: appId } } }));
  return { token, kind: 'read', appId, apps: [appId] };
}

export function SignIn(props: { message?: string; onSignedIn: (s: Session) => void }) {
  const [token, setToken] = useState('');
  const [appId, setAppId] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onSignedIn(await checkToken(token.trim(), appId.trim()));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="signin">
      <form className="card signin-card" onSubmit={submit} aria-labelledby="signin-title">
        <div className="brand big">
          <Logo /> Tally
        </div>
        <h1 id="signin-title">Sign in</h1>
        <p className="muted">Use a read key with its app id, or the admin token. It is kept for this browser session only.</p>
        {props.message && (
          <p className="notice" role="alert">
            {props.message}
          </p>
        )}
        <TextInput label="Read key or admin token" name="token" type="password" value={token} onChange={setToken} placeholder="tly_r_…" />
        <TextInput label="App id" name="app" value={appId} onChange={setAppId} placeholder="shop" hint="Required with a read key; optional with the admin token." />
        {error && (
          <p className="state error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn primary" disabled={busy || !token.trim()}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

export function Logo() {
  return (
    <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="var(--accent)" />
      <path d="M9 22V14M16 22V9M23 22v-5" stroke="#fff" strokeWidth="3.2" strokeLinecap="round" />
    </svg>
  );
}
