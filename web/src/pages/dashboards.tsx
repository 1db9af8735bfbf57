// Dashboards: the app's saved dashboards (/v1/dashboards) and one dashboard's tiles, each a pinned
// insight re-asked from its URL state. Tiles can be widened, moved and removed; the layout is
// saved with the dashboard. A tile's title links to its builder with the same question.
import { lazy, Suspense, useState, type ComponentType } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import { unwrap } from '../api/client.ts';
import { useTally } from '../context.ts';
import { Card, DataTable, Loading, Status, TextInput } from '../ui/kit.tsx';
import { useAsync } from '../ui/use-async.ts';
import { parseState } from '../url-state.ts';
import type { JsonAnswer } from '../api/client.ts';

type Dashboard = JsonAnswer<'/v1/dashboards/{dashboard_id}', 'get'>;
type Tile = Dashboard['tiles'][number];

const TILES: Record<Tile['kind'], ComponentType<{ search: string }>> = {
  trends: lazy(async () => {
    const m = await import('./trends.tsx');
    return { default: ({ search }: { search: string }) => <m.TrendsTile state={parseState(search, m.TREND_DEFAULTS)} /> };
  }),
  funnels: lazy(async () => {
    const m = await import('./funnels.tsx');
    return { default: ({ search }: { search: string }) => <m.FunnelsTile state={parseState(search, m.FUNNEL_DEFAULTS)} /> };
  }),
  retention: lazy(async () => {
    const m = await import('./retention.tsx');
    return { default: ({ search }: { search: string }) => <m.RetentionTile state={parseState(search, m.RETENTION_DEFAULTS)} /> };
  }),
  paths: lazy(async () => {
    const m = await import('./paths.tsx');
    return { default: ({ search }: { search: string }) => <m.PathsTile state={parseState(search, m.PATH_DEFAULTS)} /> };
  }),
  experiments: lazy(async () => {
    const m = await import('./experiments.tsx');
    return { default: ({ search }: { search: string }) => <m.ExperimentsTile state={parseState(search, m.EXPERIMENT_DEFAULTS)} /> };
  }),
  segments: lazy(async () => {
    const m = await import('./segments.tsx');
    return { default: ({ search }: { search: string }) => <m.SegmentsTile state={parseState(search, m.SEGMENT_DEFAULTS)} /> };
  }),
};

export default function DashboardsPage() {
  const params = useParams<{ id?: string }>();
  return params.id ? <OneDashboard id={params.id} /> : <DashboardList />;
}

function DashboardList() {
  const { api, session } = useTally();
  const [, navigate] = useLocation();
  const [name, setName] = useState('');
  const [error, setError] = useState<Error | undefined>();
  const list = useAsync(() => unwrap(api.GET('/v1/dashboards', { params: { query: { app_id: session.appId } } })), session.appId);
  const create = async () => {
    const id = name.trim().toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'dashboard';
    try {
      await unwrap(api.PUT('/v1/dashboards/{dashboard_id}', { params: { path: { dashboard_id: id }, query: { app_id: session.appId } }, body: { title: name.trim() || id, tiles: [] } }));
      navigate(`/dashboards/${id}`);
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Dashboards</h1>
          <p className="muted">Pinned insights of {session.appId}, saved on the server. Pin any insight from its page with “Pin to dashboard”.</p>
        </div>
      </div>
      <Card title="New dashboard">
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            create();
          }}
        >
          <TextInput label="Title" value={name} onChange={setName} placeholder="Weekly review" />
          <button type="submit" className="btn primary" disabled={!name.trim()}>
            Create
          </button>
        </form>
        {error && (
          <p className="state error" role="alert">
            {error.message}
          </p>
        )}
      </Card>
      <Card title="Saved dashboards">
        <Status loading={list.loading} error={list.error} empty={!list.data?.dashboards.length} emptyText="No dashboard yet: create one above, or pin an insight.">
          <DataTable
            testId="dashboard-list"
            columns={[
              { key: 'title', label: 'Title', render: (v, row) => <Link href={`/dashboards/${row.dashboard_id}`}>{String(v)}</Link> },
              { key: 'tiles', label: 'Tiles', numeric: true, render: (v) => String((v as unknown[]).length) },
              { key: 'updated_at', label: 'Updated' },
            ]}
            rows={list.data?.dashboards ?? []}
          />
        </Status>
      </Card>
    </div>
  );
}

function OneDashboard({ id }: { id: string }) {
  const { api, session } = useTally();
  const [, navigate] = useLocation();
  const [saving, setSaving] = useState<Error | undefined>();
  const d = useAsync(() => unwrap(api.GET('/v1/dashboards/{dashboard_id}', { params: { path: { dashboard_id: id }, query: { app_id: session.appId } } })), `${session.appId}:${id}`);
  const save = async (tiles: Tile[]) => {
    if (!d.data) return;
    try {
      await unwrap(api.PUT('/v1/dashboards/{dashboard_id}', { params: { path: { dashboard_id: id }, query: { app_id: session.appId } }, body: { title: d.data.title, tiles } }));
      setSaving(undefined);
      d.reload();
    } catch (err) {
      setSaving(err as Error);
    }
  };
  const tiles = d.data?.tiles ?? [];
  const move = (i: number, by: number) => {
    const next = [...tiles];
    const [t] = next.splice(i, 1);
    next.splice(Math.max(0, Math.min(next.length, i + by)), 0, t);
    save(next);
  };
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1 data-testid="dashboard-title">{d.data?.title ?? id}</h1>
          <p className="muted">
            <Link href="/dashboards">All dashboards</Link> · {tiles.length} tiles · the layout is saved on the server
          </p>
        </div>
        <div className="spacer" />
        <button
          type="button"
          className="btn danger"
          onClick={async () => {
            if (!confirm(`Delete the dashboard “${d.data?.title ?? id}”?`)) return;
            await unwrap(api.DELETE('/v1/dashboards/{dashboard_id}', { params: { path: { dashboard_id: id }, query: { app_id: session.appId } } }));
            navigate('/dashboards');
          }}
        >
          Delete dashboard
        </button>
      </div>
      {saving && (
        <p className="state error" role="alert">
          {saving.message}
        </p>
      )}
      <Status loading={d.loading} error={d.error} empty={!d.data || tiles.length === 0} emptyText="This dashboard has no tile yet: open an insight and use “Pin to dashboard”.">
        <div className="tiles" data-testid="tiles">
          {tiles.map((t, i) => {
            const Tile = TILES[t.kind];
            return (
              <div key={t.id} className={`tile w${t.width ?? 1}`} data-testid="tile">
                <Card
                  title={<Link href={`/insights/${t.kind}?${t.state.replace(/^\?/, '')}`}>{t.title}</Link>}
                  actions={
                    <>
                      <button type="button" className="btn small" aria-label={`Move ${t.title} earlier`} disabled={i === 0} onClick={() => move(i, -1)}>
                        ←
                      </button>
                      <button type="button" className="btn small" aria-label={`Move ${t.title} later`} disabled={i === tiles.length - 1} onClick={() => move(i, 1)}>
                        →
                      </button>
                      <button type="button" className="btn small" aria-label={`${t.width === 2 ? 'Narrow' : 'Widen'} ${t.title}`} onClick={() => save(tiles.map((x) => (x.id === t.id ? { ...x, width: x.width === 2 ? 1 : 2 } : x)))}>
                        {t.width === 2 ? 'Narrow' : 'Widen'}
                      </button>
                      <button type="button" className="btn small danger" aria-label={`Remove ${t.title}`} onClick={() => save(tiles.filter((x) => x.id !== t.id))}>
                        Remove
                      </button>
                    </>
                  }
                >
                  <Suspense fallback={<Loading />}>
                    <Tile search={t.state.replace(/^\?/, '')} />
                  </Suspense>
                </Card>
              </div>
            );
          })}
        </div>
      </Status>
    </div>
  );
}
