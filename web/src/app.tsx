// The shell: sign-in gate, header (app switcher, theme, sign out), navigation and the pages, each
// loaded with its own chunk when first opened. Only pages for capabilities the server has are
// linked; admin-only pages are shown to the admin token only.
import { lazy, Suspense, useCallback, useMemo, useState, type ComponentType } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { createApi } from './api/client.ts';
import { TallyContext } from './context.ts';
import { loadSession, saveSession, type Session } from './session.ts';
import { Logo, SignIn } from './sign-in.tsx';
import { Loading } from './ui/kit.tsx';
import { ThemeToggle } from './theme.tsx';
import Overview from './pages/overview.tsx';

const page = (load: () => Promise<{ default: ComponentType }>) => lazy(load);

export const PAGES = {
  // the first page most sign-ins land on: in the main chunk, so it asks its questions without another round trip
  overview: Overview,
  trends: page(() => import('./pages/trends.tsx')),
  funnels: page(() => import('./pages/funnels.tsx')),
  retention: page(() => import('./pages/retention.tsx')),
  paths: page(() => import('./pages/paths.tsx')),
  experiments: page(() => import('./pages/experiments.tsx')),
  segments: page(() => import('./pages/segments.tsx')),
  dashboards: page(() => import('./pages/dashboards.tsx')),
  reports: page(() => import('./pages/reports.tsx')),
  events: page(() => import('./pages/events.tsx')),
  sql: page(() => import('./pages/sql.tsx')),
  schemas: page(() => import('./pages/schemas.tsx')),
  quarantine: page(() => import('./pages/quarantine.tsx')),
  keys: page(() => import('./pages/keys.tsx')),
  jobs: page(() => import('./pages/jobs.tsx')),
  sinks: page(() => import('./pages/sinks.tsx')),
  sources: page(() => import('./pages/sources.tsx')),
  learning: page(() => import('./pages/learning.tsx')),
  alerts: page(() => import('./pages/alerts.tsx')),
};

interface NavItem {
  readonly href: string;
  readonly label: string;
  readonly admin?: boolean;
}

const NAV: ReadonlyArray<readonly [string, readonly NavItem[]]> = [
  ['', [{ href: '/', label: 'Overview' }]],
  [
    'Insights',
    [
      { href: '/insights/trends', label: 'Trends' },
      { href: '/insights/funnels', label: 'Funnels' },
      { href: '/insights/retention', label: 'Retention' },
      { href: '/insights/paths', label: 'Paths' },
      { href: '/insights/experiments', label: 'Experiments' },
      { href: '/insights/segments', label: 'Segments' },
    ],
  ],
  [
    'Explore',
    [
      { href: '/dashboards', label: 'Dashboards' },
      { href: '/reports', label: 'Reports' },
      { href: '/events', label: 'Events' },
      { href: '/sql', label: 'SQL' },
    ],
  ],
  [
    'Data',
    [
      { href: '/data/schemas', label: 'Tracking plans' },
      { href: '/data/quarantine', label: 'Quarantine' },
      { href: '/data/jobs', label: 'Jobs' },
      { href: '/data/learning', label: 'Learning' },
      { href: '/data/alerts', label: 'Alerts' },
      { href: '/data/keys', label: 'Keys', admin: true },
      { href: '/data/sinks', label: 'Sinks', admin: true },
      { href: '/data/sources', label: 'Sources', admin: true },
    ],
  ],
];

export function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [message, setMessage] = useState<string | undefined>();
  const signOut = useCallback((why?: string) => {
    saveSession(undefined);
    setSession(undefined);
    setMessage(why);
  }, []);
  const api = useMemo(() => (session ? createApi(session.token, (m) => signOut(`Signed out: the server refused the key (${m}). Sign in again.`)) : undefined), [session, signOut]);
  const setApp = useCallback(
    (appId: string) =>
      setSession((s) => {
        if (!s) return s;
        const next = { ...s, appId, apps: s.apps.includes(appId) ? s.apps : [...s.apps, appId] };
        saveSession(next);
        return next;
      }),
    [],
  );
  if (!session || !api) {
    return (
      <SignIn
        message={message}
        onSignedIn={(s) => {
          saveSession(s);
          setMessage(undefined);
          setSession(s);
        }}
      />
    );
  }
  return (
    <TallyContext.Provider value={{ api, session, setApp }}>
      <Shell
        session={session}
        onSignOut={() => {
          history.replaceState(null, '', '/');
          signOut('Signed out.');
        }}
        setApp={setApp}
      />
    </TallyContext.Provider>
  );
}

function AppSwitcher(props: { session: Session; setApp: (a: string) => void }) {
  const { session } = props;
  const [adding, setAdding] = useState('');
  return (
    <div className="app-switch">
      <label htmlFor="app-switch">App</label>
      <select id="app-switch" value={session.appId} onChange={(e) => props.setApp(e.target.value)}>
        {session.apps.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
      {session.kind === 'read' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (adding.trim()) props.setApp(adding.trim());
            setAdding('');
          }}
        >
          <input aria-label="Another app this key reads" placeholder="other app" value={adding} onChange={(e) => setAdding(e.target.value)} size={10} />
        </form>
      )}
    </div>
  );
}

function Shell(props: { session: Session; onSignOut: () => void; setApp: (a: string) => void }) {
  const [location] = useLocation();
  const { session } = props;
  const P = PAGES;
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          <Logo /> Tally
        </Link>
        <AppSwitcher session={session} setApp={props.setApp} />
        <div className="spacer" />
        <span className="muted who">{session.kind === 'admin' ? 'admin token' : 'read key'}</span>
        <ThemeToggle />
        <button type="button" className="btn" onClick={props.onSignOut}>
          Sign out
        </button>
      </header>
      <nav className="sidebar" aria-label="Main">
        {NAV.map(([group, items]) => (
          <div key={group || 'top'} className="nav-group">
            {group && <div className="nav-title">{group}</div>}
            <ul>
              {items
                .filter((i) => !i.admin || session.kind === 'admin')
                .map((i) => {
                  const active = i.href === '/' ? location === '/' : location.startsWith(i.href);
                  return (
                    <li key={i.href}>
                      <Link href={i.href} className={active ? 'active' : undefined} aria-current={active ? 'page' : undefined}>
                        {i.label}
                      </Link>
                    </li>
                  );
                })}
            </ul>
          </div>
        ))}
      </nav>
      <main id="main" className="content" key={session.appId}>
        <Suspense fallback={<Loading what="Loading the page" />}>
          <Switch>
            <Route path="/" component={P.overview} />
            <Route path="/insights/trends" component={P.trends} />
            <Route path="/insights/funnels" component={P.funnels} />
            <Route path="/insights/retention" component={P.retention} />
            <Route path="/insights/paths" component={P.paths} />
            <Route path="/insights/experiments" component={P.experiments} />
            <Route path="/insights/segments" component={P.segments} />
            <Route path="/dashboards" component={P.dashboards} />
            <Route path="/dashboards/:id" component={P.dashboards} />
            <Route path="/reports" component={P.reports} />
            <Route path="/events" component={P.events} />
            <Route path="/sql" component={P.sql} />
            <Route path="/data/schemas" component={P.schemas} />
            <Route path="/data/quarantine" component={P.quarantine} />
            <Route path="/data/jobs" component={P.jobs} />
            <Route path="/data/learning" component={P.learning} />
            <Route path="/data/alerts" component={P.alerts} />
            {session.kind === 'admin' && <Route path="/data/keys" component={P.keys} />}
            {session.kind === 'admin' && <Route path="/data/sinks" component={P.sinks} />}
            {session.kind === 'admin' && <Route path="/data/sources" component={P.sources} />}
            <Route>
              <div className="page">
                <h1>Not found</h1>
                <p>
                  There is no page at <code>{location}</code>. <Link href="/">Back to the overview</Link>.
                </p>
              </div>
            </Route>
          </Switch>
        </Suspense>
      </main>
    </div>
  );
}
