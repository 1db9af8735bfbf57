// Trends: series of an event's count, unique users or a property's sum/avg/percentile per
// interval, with filters, a breakdown, a timezone and the previous period for comparison.
import { useMemo, useState } from 'react';
import { unwrap, type Api, type JsonAnswer, type JsonBody } from '../api/client.ts';
import { useTally } from '../context.ts';
import { EChart } from '../charts/echart.tsx';
import { Card, DataTable, Select, Status, TextInput } from '../ui/kit.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useUrlState } from '../url-state.ts';
import { apiFilters, Builder, type Filter, FiltersEditor, RangeFields } from './insight-kit.tsx';
import { num } from '../ui/format.ts';

const MATHS = ['count', 'unique_users', 'unique_users_approx', 'unique_sessions', 'sum', 'avg', 'min', 'max', 'p50', 'p90', 'p99'] as const;
const INTERVALS = ['minute', 'hour', 'day', 'week', 'month'] as const;
const COUNTS = new Set(['count', 'unique_users', 'unique_users_approx', 'unique_sessions']);

interface Series {
  event: string;
  math: (typeof MATHS)[number];
  property: string;
}

export interface TrendState {
  from: string;
  to: string;
  interval: (typeof INTERVALS)[number];
  timezone: string;
  series: Series[];
  filters: Filter[];
  breakdown: string;
  compare: boolean;
}

export const TREND_DEFAULTS: TrendState = { from: '-30d', to: '', interval: 'day', timezone: 'UTC', series: [{ event: 'page_view', math: 'count', property: '' }], filters: [], breakdown: '', compare: false };

type TrendAnswer = JsonAnswer<'/v1/insights/trends', 'post'>;

export function runTrends(api: Api, appId: string, s: TrendState): Promise<TrendAnswer> {
  const body: JsonBody<'/v1/insights/trends', 'post'> = {
    app_id: appId,
    from: s.from,
    ...(s.to ? { to: s.to } : {}),
    interval: s.interval,
    timezone: s.timezone || 'UTC',
    series: s.series.map((x) => ({ event: x.event, math: x.math, ...(x.property ? { property: x.property } : {}) })),
    ...(s.filters.length ? { filters: apiFilters(s.filters) } : {}),
    ...(s.breakdown ? { breakdown: { property: s.breakdown } } : {}),
    ...(s.compare ? { compare: true } : {}),
  };
  return unwrap(api.POST('/v1/insights/trends', { body }));
}

function bucketLabel(t: string, timezone: string, interval: string): string {
  const withTime = interval === 'minute' || interval === 'hour';
  try {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}) }).formatToParts(new Date(t));
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}${withTime ? ` ${get('hour')}:${get('minute')}` : ''}`;
  } catch {
    return t.slice(0, withTime ? 16 : 10).replace('T', ' ');
  }
}

/** the chart and table of a trends answer */
export function TrendResult({ data, compact }: { data: TrendAnswer; compact?: boolean }) {
  const times = useMemo(() => [...new Set(data.series.filter((s) => !s.compare).flatMap((s) => s.points.map((p) => p.t)))].sort(), [data]);
  const mixed = new Set(data.series.map((s) => COUNTS.has(s.math))).size > 1;
  const option = useMemo(
    () => ({
      grid: { left: 60, right: mixed ? 60 : 20, top: 40, bottom: 30 },
      // bucket starts read in the question's timezone (a local midnight is not 00:00 UTC)
      xAxis: { type: 'category', data: times.map((t) => bucketLabel(t, data.timezone, data.interval)) },
      // counts and property values (sums, averages, percentiles) on their own axes when both are drawn
      yAxis: mixed ? [{ type: 'value', name: 'count' }, { type: 'value', name: 'value' }] : { type: 'value' },
      series: data.series.map((s) => ({
        yAxisIndex: mixed && !COUNTS.has(s.math) ? 1 : 0,
        name: s.compare ? `${s.label} (previous)` : s.label,
        type: 'line',
        smooth: false,
        showSymbol: times.length < 40,
        lineStyle: s.compare ? { type: 'dashed' } : undefined,
        data: s.compare ? s.points.map((p) => p.value) : times.map((t) => s.points.find((p) => p.t === t)?.value ?? 0),
      })),
    }),
    [data, times, mixed],
  );
  const rows = data.series.flatMap((s) => s.points.map((p) => ({ series: s.compare ? `${s.label} (previous)` : s.label, t: p.t, value: p.value })));
  const empty = data.series.every((s) => s.points.every((p) => p.value === 0));
  return (
    <>
      {empty && <p className="notice">Every point is zero: no matching events in this range.</p>}
      <EChart option={option} label={`Trend: ${data.series.map((s) => s.label).join(', ')}`} small={compact} testId="trend-chart" />
      {!compact && <DataTable testId="trend-table" csvName="trends" columns={[{ key: 'series', label: 'Series' }, { key: 't', label: 'Bucket start (UTC)' }, { key: 'value', label: 'Value', numeric: true }]} rows={rows} />}
      {compact && (
        <p className="muted">
          Total: {data.series.map((s) => `${s.label} ${num(s.points.reduce((a, p) => a + p.value, 0))}`).join(' · ')}
        </p>
      )}
    </>
  );
}

export function TrendsTile({ state }: { state: TrendState }) {
  const { api, session } = useTally();
  const r = useAsync(() => runTrends(api, session.appId, state), JSON.stringify([session.appId, state]));
  return (
    <Status loading={r.loading} error={r.error} empty={!r.data}>
      {r.data && <TrendResult data={r.data} compact />}
    </Status>
  );
}

export default function TrendsPage() {
  const { api, session } = useTally();
  const [state, setState] = useUrlState(TREND_DEFAULTS);
  const [draft, setDraft] = useState(state);
  const r = useAsync(() => runTrends(api, session.appId, state), JSON.stringify([session.appId, state]));
  const setSeries = (i: number, patch: Partial<Series>) => setDraft({ ...draft, series: draft.series.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  return (
    <Builder
      title="Trends"
      kind="trends"
      intro="How often events happen over time: counts, unique users, or a numeric property's sum, average and percentiles."
      onApply={() => setState(draft)}
      form={
        <>
          <RangeFields from={draft.from} to={draft.to} onChange={(from, to) => setDraft({ ...draft, from, to })} />
          <Select label="Interval" value={draft.interval} options={INTERVALS} onChange={(interval) => setDraft({ ...draft, interval })} />
          <TextInput label="Timezone" value={draft.timezone} onChange={(timezone) => setDraft({ ...draft, timezone })} placeholder="UTC" />
          <TextInput label="Breakdown by property" value={draft.breakdown} onChange={(breakdown) => setDraft({ ...draft, breakdown })} placeholder="(none)" />
          <div className="field">
            <label htmlFor="trend-compare">Compare</label>
            <select id="trend-compare" value={draft.compare ? 'previous' : 'none'} onChange={(e) => setDraft({ ...draft, compare: e.target.value === 'previous' })}>
              <option value="none">No comparison</option>
              <option value="previous">Previous period</option>
            </select>
          </div>
          <fieldset className="form-block" style={{ flexBasis: '100%' }}>
            <legend className="muted">Series</legend>
            {draft.series.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: series are edited in place
              <div className="row" key={i}>
                <TextInput label={`Event ${i + 1}`} value={s.event} onChange={(event) => setSeries(i, { event })} />
                <Select label="Math" value={s.math} options={MATHS} onChange={(math) => setSeries(i, { math })} />
                {!['count', 'unique_users', 'unique_users_approx', 'unique_sessions'].includes(s.math) && <TextInput label="Numeric property" value={s.property} onChange={(property) => setSeries(i, { property })} />}
                {draft.series.length > 1 && (
                  <button type="button" className="btn small" onClick={() => setDraft({ ...draft, series: draft.series.filter((_, j) => j !== i) })}>
                    Remove
                  </button>
                )}
              </div>
            ))}
            <button type="button" className="btn small" onClick={() => setDraft({ ...draft, series: [...draft.series, { event: '', math: 'count', property: '' }] })}>
              + Series
            </button>
          </fieldset>
          <FiltersEditor filters={draft.filters} onChange={(filters) => setDraft({ ...draft, filters })} />
        </>
      }
    >
      <Card title="Result">
        <Status loading={r.loading} error={r.error} empty={!r.data}>
          {r.data && <TrendResult data={r.data} />}
        </Status>
      </Card>
    </Builder>
  );
}
