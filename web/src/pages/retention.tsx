// Retention: cohorts by the period of their first start event, and how many came back with the
// return event in each later period, as a heatmap and a table (counts and percentages).
import { useMemo, useState } from 'react';
import { unwrap, type Api, type JsonAnswer, type JsonBody } from '../api/client.ts';
import { useTally } from '../context.ts';
import { EChart, heatColors } from '../charts/echart.tsx';
import { useTheme } from '../theme.tsx';
import { Card, DataTable, Select, Status, TextInput } from '../ui/kit.tsx';
import { num, pct } from '../ui/format.ts';
import { useAsync } from '../ui/use-async.ts';
import { useUrlState } from '../url-state.ts';
import { apiFilters, Builder, type Filter, FiltersEditor, RangeFields } from './insight-kit.tsx';

export interface RetentionState {
  from: string;
  to: string;
  start_event: string;
  return_event: string;
  period: 'day' | 'week' | 'month';
  periods: number;
  timezone: string;
  filters: Filter[];
}

export const RETENTION_DEFAULTS: RetentionState = { from: '-30d', to: '', start_event: 'page_view', return_event: 'page_view', period: 'day', periods: 7, timezone: 'UTC', filters: [] };

type RetentionAnswer = JsonAnswer<'/v1/insights/retention', 'post'>;

export function runRetention(api: Api, appId: string, s: RetentionState): Promise<RetentionAnswer> {
  const body = {
    app_id: appId,
    from: s.from,
    ...(s.to ? { to: s.to } : {}),
    start_event: s.start_event,
    return_event: s.return_event,
    period: s.period,
    periods: Number(s.periods),
    timezone: s.timezone || 'UTC',
    ...(s.filters.length ? { filters: apiFilters(s.filters) } : {}),
  } as JsonBody<'/v1/insights/retention', 'post'>;
  return unwrap(api.POST('/v1/insights/retention', { body }));
}

export function RetentionResult({ data, compact }: { data: RetentionAnswer; compact?: boolean }) {
  // columns: as many periods as the answer holds (period 0 is the cohort's own)
  const periods = Math.max(0, ...data.cohorts.map((c) => c.values.length)) - 1;
  const theme = useTheme();
  const option = useMemo(() => {
    const cells = data.cohorts.flatMap((c, y) => c.values.map((_, x) => [x, y, Math.round((c.percentages[x] ?? 0) * 10) / 10]));
    return {
      tooltip: { trigger: 'item' },
      grid: { left: 100, right: 20, top: 10, bottom: 60 },
      xAxis: { type: 'category', data: Array.from({ length: periods + 1 }, (_, k) => `${data.period} ${k}`), splitArea: { show: true } },
      yAxis: { type: 'category', inverse: true, data: data.cohorts.map((c) => `${c.cohort_date ?? c.cohort.slice(0, 10)} (${num(c.size)})`) },
      visualMap: { min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: heatColors(theme) }, text: ['100%', '0%'] },
      series: [{ type: 'heatmap', data: cells, label: { show: !compact, color: '#fff', textBorderColor: 'rgba(10, 14, 30, 0.75)', textBorderWidth: 2, formatter: (p: { value: number[] }) => `${p.value[2]}%` } }],
    };
  }, [data, periods, compact, theme]);
  const rows = data.cohorts.map((c) => ({ cohort: c.cohort, size: c.size, ...Object.fromEntries(c.values.map((v, k) => [`p${k}`, v])) }));
  return (
    <>
      {data.cohorts.length === 0 ? (
        <p className="notice">No cohort: nobody did “start event” in this range.</p>
      ) : (
        <EChart option={option} label={`Retention heatmap of ${data.cohorts.length} cohorts`} small={compact} testId="retention-chart" />
      )}
      {!compact && (
        <DataTable
          testId="retention-table"
          csvName="retention"
          columns={[
            { key: 'cohort', label: 'Cohort' },
            { key: 'size', label: 'Users', numeric: true },
            ...Array.from({ length: periods + 1 }, (_, k) => ({ key: `p${k}`, label: `${data.period} ${k}`, numeric: true, render: (v: unknown, row: Record<string, unknown>) => (v === undefined ? '' : `${num(v)} (${pct((v as number) / Math.max(1, row.size as number), 0)})`) })),
          ]}
          rows={rows}
        />
      )}
    </>
  );
}

export function RetentionTile({ state }: { state: RetentionState }) {
  const { api, session } = useTally();
  const r = useAsync(() => runRetention(api, session.appId, state), JSON.stringify([session.appId, state]));
  return (
    <Status loading={r.loading} error={r.error} empty={!r.data}>
      {r.data && <RetentionResult data={r.data} compact />}
    </Status>
  );
}

export default function RetentionPage() {
  const { api, session } = useTally();
  const [state, setState] = useUrlState(RETENTION_DEFAULTS);
  const [draft, setDraft] = useState(state);
  const r = useAsync(() => runRetention(api, session.appId, state), JSON.stringify([session.appId, state]));
  return (
    <Builder
      title="Retention"
      kind="retention"
      intro="Users grouped by the period they first did the start event; each column counts those who did the return event that many periods later."
      onApply={() => setState(draft)}
      form={
        <>
          <RangeFields from={draft.from} to={draft.to} onChange={(from, to) => setDraft({ ...draft, from, to })} />
          <TextInput label="Start event" value={draft.start_event} onChange={(start_event) => setDraft({ ...draft, start_event })} />
          <TextInput label="Return event" value={draft.return_event} onChange={(return_event) => setDraft({ ...draft, return_event })} />
          <Select label="Period" value={draft.period} options={['day', 'week', 'month'] as const} onChange={(period) => setDraft({ ...draft, period })} />
          <TextInput label="Periods" type="number" value={String(draft.periods)} onChange={(v) => setDraft({ ...draft, periods: Number(v) })} />
          <TextInput label="Timezone" value={draft.timezone} onChange={(timezone) => setDraft({ ...draft, timezone })} />
          <FiltersEditor filters={draft.filters} onChange={(filters) => setDraft({ ...draft, filters })} />
        </>
      }
    >
      <Card title="Cohorts">
        <Status loading={r.loading} error={r.error} empty={!r.data}>
          {r.data && <RetentionResult data={r.data} />}
        </Status>
      </Card>
    </Builder>
  );
}
