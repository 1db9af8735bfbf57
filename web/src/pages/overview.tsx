// The overview: KPI tiles for the chosen period against the one before it (overview_stats and
// revenue reports), live activity polled every few seconds (dashboard_metrics and events per
// minute), top events, pipeline health (ingest queue, quarantine) and the script tag to install.
import { useState } from 'react';
import { unwrap } from '../api/client.ts';
import { useTally } from '../context.ts';
import { Card, DataTable, Kpi, Select, Status } from '../ui/kit.tsx';
import { num, time } from '../ui/format.ts';
import { useAsync, useInterval } from '../ui/use-async.ts';

const PERIODS = [
  ['1', 'Last 24 hours'],
  ['7', 'Last 7 days'],
  ['30', 'Last 30 days'],
] as const;

type Report = { totals?: Record<string, number | null>; rows?: Array<Record<string, unknown>>; cache?: { calculated_at?: string } };

const LIVE_MS = 5000;

export default function Overview() {
  const { api, session } = useTally();
  const app = session.appId;
  const [days, setDays] = useState<'1' | '7' | '30'>('7');
  const d = Number(days);
  const report = (template: string, from: string, to?: string) => unwrap(api.POST('/v1/report', { body: { template, app_id: app, from, ...(to ? { to } : {}) } })) as Promise<Report>;
  // the period's own figures first (asked first, shown as soon as they come); the previous
  // period and revenue fill in after
  const current = useAsync(() => report('overview_stats', `-${d}d`), `${app}:${d}`);

  const live = useAsync(async () => {
    const [metrics, perMinute] = await Promise.all([
      report('dashboard_metrics', '-1d'),
      // raw SQL runs a few at a time in the whole server: when it is busy the tiles above still show
      unwrap(api.POST('/v1/query', { body: { app_id: app, sql: 'SELECT toStartOfMinute(timestamp) AS minute, count() AS events FROM events WHERE timestamp >= now() - INTERVAL 15 MINUTE GROUP BY minute ORDER BY minute' } })).then(
        (answer) => ({ rows: answer.rows as Array<{ minute: string; events: number }>, error: undefined }),
        (error: Error) => ({ rows: undefined, error }),
      ),
    ]);
    return { metrics, perMinute: perMinute.rows ?? [], perMinuteError: perMinute.error };
  }, app);
  useInterval(live.reload, LIVE_MS);

  const health = useAsync(async () => {
    const [ready, quarantine, pipeline] = await Promise.all([
      fetch('/readyz').then(async (r) => ({ status: r.status, body: (await r.json().catch(() => ({}))) as Record<string, unknown> })),
      unwrap(api.GET('/v1/quarantine/summary', { params: { query: { app_id: app } } })),
      // the built-in pipeline rules (ingest lag, error rate, dead letters, …) are the admin token's
      session.kind === 'admin' ? unwrap(api.GET('/v1/alerts/pipeline')).then((p) => p.rules) : Promise.resolve(undefined),
    ]);
    return { ready, quarantine, pipeline };
  }, app);
  useInterval(health.reload, LIVE_MS * 2);

  // asked once the period's own figures are in: on a busy engine they would slow those down
  const compared = useAsync(current.data && (async () => {
    const [before, revenue, revenueBefore] = await Promise.all([report('overview_stats', `-${2 * d}d`, `-${d}d`), report('revenue', `-${d}d`), report('revenue', `-${2 * d}d`, `-${d}d`)]);
    return { before, revenue, revenueBefore };
  }), `${app}:${d}:${current.data !== undefined}`);
  const kpis = { loading: current.loading, error: current.error ?? compared.error, data: current.data && { now: current.data, ...compared.data } };

  const t = kpis.data?.now.totals ?? {};
  const p = kpis.data?.before?.totals ?? {};
  const lastMinute = live.data?.perMinute.at(-1);
  const m = live.data?.metrics.totals ?? {};
  const host = location.origin;
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p className="muted">
            App <strong>{app}</strong>: the period against the one just before it.
          </p>
        </div>
        <div className="spacer" />
        <Select label="Period" value={days} options={PERIODS} onChange={setDays} />
      </div>
      <Status loading={kpis.loading} error={kpis.error} empty={!kpis.data}>
        <div className="kpis" data-testid="kpis">
          <Kpi label="Events" value={t.events} previous={p.events} testId="kpi-events" />
          <Kpi label="Users" value={t.unique_users} previous={p.unique_users} testId="kpi-users" />
          <Kpi label="Sessions" value={t.sessions} previous={p.sessions} testId="kpi-sessions" />
          <Kpi label="Revenue" value={kpis.data?.revenue?.totals?.revenue} previous={kpis.data?.revenueBefore?.totals?.revenue} testId="kpi-revenue" />
          <Kpi label="Events per user" value={t.events_per_user} previous={p.events_per_user} format={(v) => v.toFixed(2)} />
        </div>
      </Status>
      <div className="grid">
        <Card
          title={
            <>
              <span className="live-dot" aria-hidden="true" />
              Live
            </>
          }
          actions={<span className="muted">refreshes every {LIVE_MS / 1000} s</span>}
          testId="live"
        >
          <Status loading={live.loading} error={live.error} empty={!live.data}>
            <div className="kpis">
              <Kpi label="Active users, last hour" value={m.active_users_last_hour} testId="live-active-users" />
              <Kpi label="Events, last hour" value={m.events_last_hour} testId="live-events-hour" />
              <Kpi label="Events this minute" value={lastMinute && new Date(lastMinute.minute).getTime() >= Date.now() - 60_000 ? lastMinute.events : 0} testId="live-events-minute" />
            </div>
            <p className="muted">Last-hour figures as of {time(live.data?.metrics.cache?.calculated_at ?? String(m.at ?? ''))} (kept up to a minute by the server).</p>
            {live.data?.perMinuteError ? <p className="muted">Events per minute are not available right now ({live.data.perMinuteError.message}).</p> : <MinuteBars rows={live.data?.perMinute ?? []} />}
          </Status>
        </Card>
        <Card title="Top events" testId="top-events">
          <Status loading={kpis.loading} error={kpis.error} empty={!kpis.data?.now.rows?.length} emptyText="No events in this period yet. Install the script below or send events to /v1/batch.">
            <DataTable
              testId="top-events-table"
              csvName="top-events"
              maxRows={10}
              columns={[
                { key: 'event_name', label: 'Event' },
                { key: 'events', label: 'Events', numeric: true },
                { key: 'unique_users', label: 'Users', numeric: true },
              ]}
              rows={kpis.data?.now.rows ?? []}
            />
          </Status>
        </Card>
        <Card title="Pipeline health" testId="health">
          <Status loading={health.loading} error={health.error} empty={!health.data}>
            {health.data && (
              <>
                <div className="kpis">
                  <div className="kpi">
                    <div className="kpi-label">Ingest</div>
                    <div className="kpi-value">{health.data.ready.status === 200 ? <span className="badge good">ready</span> : <span className="badge bad">not ready ({health.data.ready.status})</span>}</div>
                  </div>
                  <Kpi label="Queue depth (events)" value={health.data.ready.body.queue_events as number} />
                  <Kpi label="Quarantined events" value={health.data.quarantine.total} />
                </div>
                {health.data.pipeline && (
                  <DataTable
                    testId="pipeline-rules"
                    caption="Pipeline rules (alerts)"
                    columns={[
                      { key: 'name', label: 'Watches' },
                      { key: 'threshold', label: 'Threshold', numeric: true, render: (v, r) => `${num(v)} ${r.unit}` },
                      { key: 'status', label: 'State', render: (v) => { const st = (v as { state: string }).state; return <span className={`badge ${st === 'firing' ? 'bad' : st === 'ok' ? 'good' : ''}`}>{st}</span>; } },
                    ]}
                    rows={health.data.pipeline}
                  />
                )}
                {health.data.quarantine.by_code.length > 0 ? (
                  <DataTable columns={[{ key: 'code', label: 'Rejection code' }, { key: 'count', label: 'Events', numeric: true }]} rows={health.data.quarantine.by_code} />
                ) : (
                  <p className="muted">No rejected events in quarantine.</p>
                )}
              </>
            )}
          </Status>
        </Card>
        <Snippet host={host} />
      </div>
    </div>
  );
}

/** the script tag for the app; the admin token may mint a write key for it here (a read key cannot send events) */
function Snippet({ host }: { host: string }) {
  const { api, session } = useTally();
  const app = session.appId;
  const [writeKey, setWriteKey] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const mint = async () => {
    try {
      const key = await unwrap(api.POST('/v1/apps/{app_id}/keys', { params: { path: { app_id: app } }, body: { kind: 'write', name: 'website script' } }));
      setWriteKey(key.key);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Card title="Install the script" testId="snippet">
      <p className="muted">Paste before &lt;/head&gt; on your site. It sends page views and lets you call tally.track().</p>
      <pre className="code">{`<script defer src="${host}/tally.js" data-host="${host}" data-write-key="${writeKey ?? 'YOUR_WRITE_KEY'}" data-app="${app}"></script>`}</pre>
      {writeKey ? (
        <p className="notice">A new write key of {app} is in the tag: copy it now, its secret is not shown again (revoke it on the Keys page).</p>
      ) : (
        <p className="muted">
          Replace YOUR_WRITE_KEY with a write key of <strong>{app}</strong>: a read key cannot send events.{' '}
          {session.kind === 'admin' ? (
            <button type="button" className="btn small" onClick={mint}>
              Create a write key for this tag
            </button>
          ) : (
            'Ask the admin for one.'
          )}
        </p>
      )}
      {error && (
        <p className="state error" role="alert">
          {error}
        </p>
      )}
    </Card>
  );
}

function MinuteBars({ rows }: { rows: Array<{ minute: string; events: number }> }) {
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  const minutes = Array.from({ length: 15 }, (_, i) => now - (14 - i) * 60_000);
  const byMinute = new Map(rows.map((r) => [new Date(r.minute).getTime(), r.events]));
  const values = minutes.map((t) => byMinute.get(t) ?? 0);
  const max = Math.max(1, ...values);
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox="0 0 300 60" width="100%" height="70" role="img" aria-label={`Events per minute, last 15 minutes: ${values.join(', ')}`}>
        {values.map((v, i) => (
          <rect key={minutes[i]} x={i * 20 + 2} width={16} y={58 - (v / max) * 54} height={Math.max(1, (v / max) * 54)} rx={2} fill="var(--accent)" opacity={i === 14 ? 1 : 0.6} />
        ))}
      </svg>
      <figcaption className="muted">Events per minute, last 15 minutes (max {num(Math.max(...values))})</figcaption>
    </figure>
  );
}
