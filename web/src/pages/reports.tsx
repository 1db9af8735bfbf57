// Reports: the six templates of POST /v1/report over a range; totals as tiles and every list in
// the answer as a table with CSV export.
import { useMemo, useState } from 'react';
import { EChart } from '../charts/echart.tsx';
import { unwrap } from '../api/client.ts';
import { useTally } from '../context.ts';
import { Card, DataTable, Kpi, Select, Status, TextInput } from '../ui/kit.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useUrlState } from '../url-state.ts';
import { RangeFields } from './insight-kit.tsx';

const TEMPLATES = [
  ['overview_stats', 'Overview stats'],
  ['top_content', 'Top content'],
  ['search_analytics', 'Search analytics'],
  ['dashboard_metrics', 'Dashboard metrics (today)'],
  ['engagement', 'Engagement'],
  ['revenue', 'Revenue'],
] as const;
type Template = (typeof TEMPLATES)[number][0];

interface ReportState {
  template: Template;
  from: string;
  to: string;
  timezone: string;
  event: string;
  property: string;
  limit: string;
}

const DEFAULTS: ReportState = { template: 'overview_stats', from: '-7d', to: '', timezone: 'UTC', event: '', property: '', limit: '' };

export default function ReportsPage() {
  const { api, session } = useTally();
  const [state, setState] = useUrlState(DEFAULTS);
  const [draft, setDraft] = useState(state);
  const r = useAsync(
    () =>
      unwrap(
        api.POST('/v1/report', {
          body: { template: state.template, app_id: session.appId, from: state.from, ...(state.to ? { to: state.to } : {}), timezone: state.timezone || 'UTC', ...(state.event ? { event: state.event } : {}), ...(state.property ? { property: state.property } : {}), ...(state.limit ? { limit: Number(state.limit) } : {}) },
        }),
      ) as Promise<Record<string, unknown>>,
    JSON.stringify([session.appId, state]),
  );
  const totals = (r.data?.totals ?? {}) as Record<string, unknown>;
  const lists = Object.entries(r.data ?? {}).filter(([, v]) => Array.isArray(v)) as Array<[string, Array<Record<string, unknown>>]>;
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Reports</h1>
          <p className="muted">Ready-made reports over a range: overview, top content, search, today's metrics, engagement and revenue.</p>
        </div>
      </div>
      <form
        className="card"
        aria-label="Report"
        onSubmit={(e) => {
          e.preventDefault();
          setState(draft);
        }}
      >
        <div className="form">
          <Select label="Template" value={draft.template} options={TEMPLATES} onChange={(template) => setDraft({ ...draft, template })} />
          <RangeFields from={draft.from} to={draft.to} onChange={(from, to) => setDraft({ ...draft, from, to })} />
          <TextInput label="Timezone" value={draft.timezone} onChange={(timezone) => setDraft({ ...draft, timezone })} />
          <TextInput label="Event" value={draft.event} onChange={(event) => setDraft({ ...draft, event })} placeholder="(template default)" />
          <TextInput label="Property" value={draft.property} onChange={(property) => setDraft({ ...draft, property })} placeholder="(template default)" />
          <TextInput label="Rows" type="number" value={draft.limit} onChange={(limit) => setDraft({ ...draft, limit })} placeholder="(default)" />
          <button type="submit" className="btn primary">
            Run
          </button>
        </div>
      </form>
      <Card title={TEMPLATES.find(([t]) => t === state.template)?.[1]}>
        <Status loading={r.loading} error={r.error} empty={!r.data}>
          <div className="kpis" data-testid="report-totals">
            {Object.entries(totals)
              .filter(([, v]) => typeof v === 'number' || v === null)
              .map(([k, v]) => (
                <Kpi key={k} label={k.replace(/_/g, ' ')} value={v as number | null} testId={`total-${k}`} />
              ))}
            {Object.entries(totals)
              .filter(([, v]) => typeof v === 'string')
              .map(([k, v]) => (
                <div className="kpi" key={k}>
                  <div className="kpi-label">{k.replace(/_/g, ' ')}</div>
                  <div className="kpi-value" style={{ fontSize: 16 }}>
                    {String(v)}
                  </div>
                </div>
              ))}
          </div>
          {lists.map(([name, rows]) => (
            <div key={name}>
              <h3>{name.replace(/_/g, ' ')}</h3>
              {rows.length > 1 && 'day' in rows[0] && <DailyChart name={name} rows={rows} />}
              {rows.length === 0 ? (
                <p className="muted">No rows: nothing matched this template's events in the range.</p>
              ) : (
                <DataTable csvName={`${state.template}-${name}`} columns={Object.keys(rows[0]).map((k) => ({ key: k, label: k, numeric: typeof rows[0][k] === 'number' }))} rows={rows} />
              )}
            </div>
          ))}
        </Status>
      </Card>
    </div>
  );
}

/** a day-by-day list drawn as lines, one per numeric column (the table below holds the same numbers) */
function DailyChart({ name, rows }: { name: string; rows: Array<Record<string, unknown>> }) {
  const option = useMemo(() => {
    const columns = Object.keys(rows[0]).filter((k) => k !== 'day' && typeof rows[0][k] === 'number');
    return {
      grid: { left: 60, right: 20, top: 36, bottom: 30 },
      xAxis: { type: 'category', data: rows.map((r) => String(r.day)) },
      yAxis: { type: 'value' },
      series: columns.map((c) => ({ name: c, type: 'line', showSymbol: rows.length < 40, data: rows.map((r) => r[c] as number) })),
    };
  }, [rows]);
  return <EChart option={option} label={`${name} by day`} small />;
}
