// Funnels: ordered steps within a conversion window; conversion and time to convert per step, an
// optional breakdown, and the users who dropped after a step (click its row).
import { useMemo, useState } from 'react';
import { unwrap, type Api, type JsonAnswer, type JsonBody } from '../api/client.ts';
import { useTally } from '../context.ts';
import { EChart } from '../charts/echart.tsx';
import { Card, DataTable, Select, Status, TextInput } from '../ui/kit.tsx';
import { duration, pct } from '../ui/format.ts';
import { useAsync } from '../ui/use-async.ts';
import { useUrlState } from '../url-state.ts';
import { apiFilters, Builder, type Filter, FiltersEditor, RangeFields } from './insight-kit.tsx';

export interface FunnelState {
  from: string;
  to: string;
  window: string;
  order: 'ordered' | 'strict' | 'any';
  steps: string[];
  filters: Filter[];
  breakdown: string;
}

export const FUNNEL_DEFAULTS: FunnelState = { from: '-30d', to: '', window: '1d', order: 'ordered', steps: ['page_view', 'add_to_cart', 'purchase'], filters: [], breakdown: '' };

type FunnelAnswer = JsonAnswer<'/v1/insights/funnels', 'post'>;

function body(appId: string, s: FunnelState): JsonBody<'/v1/insights/funnels', 'post'> {
  return {
    app_id: appId,
    from: s.from,
    ...(s.to ? { to: s.to } : {}),
    window: s.window,
    order: s.order,
    steps: s.steps.filter((e) => e.trim()).map((event) => ({ event: event.trim() })),
    ...(s.filters.length ? { filters: apiFilters(s.filters) } : {}),
    ...(s.breakdown ? { breakdown: { property: s.breakdown } } : {}),
  } as JsonBody<'/v1/insights/funnels', 'post'>;
}

export function runFunnel(api: Api, appId: string, s: FunnelState): Promise<FunnelAnswer> {
  return unwrap(api.POST('/v1/insights/funnels', { body: body(appId, s) }));
}

export function FunnelResult({ data, compact, onStep }: { data: FunnelAnswer; compact?: boolean; onStep?: (index: number) => void }) {
  const option = useMemo(
    () => ({
      grid: { left: 50, right: 20, top: 36, bottom: 30 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: data.steps.map((s, i) => `${i + 1}. ${s.event}`) },
      yAxis: { type: 'value', name: 'users' },
      series: [
        { name: 'converted', type: 'bar', stack: 'f', data: data.steps.map((s) => s.count), label: { show: true, position: 'top', textBorderWidth: 0 } },
        { name: 'dropped before this step', type: 'bar', stack: 'f', itemStyle: { opacity: 0.3 }, data: data.steps.map((s, i) => (i === 0 ? 0 : data.steps[i - 1].count - s.count)) },
      ],
    }),
    [data],
  );
  const rows = data.steps.map((s, i) => ({ step: i + 1, ...s }));
  return (
    <>
      {data.steps[0]?.count === 0 && <p className="notice">No user did the first step in this range.</p>}
      <EChart option={option} label={`Funnel: ${data.steps.map((s) => `${s.event} ${s.count}`).join(', ')}`} small={compact} testId="funnel-chart" />
      {!compact && (
        <DataTable
          testId="funnel-table"
          csvName="funnel"
          onRowClick={onStep ? (row) => onStep(Number(row.step) - 1) : undefined}
          columns={[
            { key: 'step', label: 'Step', numeric: true },
            { key: 'event', label: 'Event' },
            { key: 'count', label: 'Users', numeric: true },
            { key: 'conversion_from_first', label: 'From first', numeric: true, render: (v) => pct(v as number) },
            { key: 'conversion_from_previous', label: 'From previous', numeric: true, render: (v) => pct(v as number) },
            { key: 'drop_off', label: 'Dropped', numeric: true },
            { key: 'median_time_to_convert_ms', label: 'Median time to convert', numeric: true, render: (v) => duration(v as number | null) },
            { key: 'p90_time_to_convert_ms', label: 'p90 time to convert', numeric: true, render: (v) => duration(v as number | null) },
          ]}
          rows={rows}
        />
      )}
      {!compact && data.breakdown && data.breakdown.length > 0 && (
        <>
          <h3>Breakdown</h3>
          <DataTable
            csvName="funnel-breakdown"
            columns={[{ key: 'value', label: 'Value' }, ...data.steps.map((s, i) => ({ key: `s${i}`, label: `${i + 1}. ${s.event}`, numeric: true }))]}
            rows={data.breakdown.map((b) => ({ value: b.breakdown_value, ...Object.fromEntries(b.steps.map((s, i) => [`s${i}`, s.count])) }))}
          />
        </>
      )}
    </>
  );
}

export function FunnelsTile({ state }: { state: FunnelState }) {
  const { api, session } = useTally();
  const r = useAsync(() => runFunnel(api, session.appId, state), JSON.stringify([session.appId, state]));
  return (
    <Status loading={r.loading} error={r.error} empty={!r.data}>
      {r.data && <FunnelResult data={r.data} compact />}
    </Status>
  );
}

function Dropped({ state, step }: { state: FunnelState; step: number }) {
  const { api, session } = useTally();
  const r = useAsync(() => unwrap(api.POST('/v1/insights/funnels/dropped', { body: { ...body(session.appId, state), dropped_at_step: step + 1 } as JsonBody<'/v1/insights/funnels/dropped', 'post'> })), JSON.stringify([session.appId, state, step]));
  return (
    <Card title={`Users who did step ${step + 1} and not step ${step + 2}`} testId="dropped">
      <Status loading={r.loading} error={r.error} empty={!r.data?.users.length} emptyText="Nobody dropped after this step.">
        {r.data && (
          <>
            <p className="muted">
              {r.data.total} users reached “{r.data.event}” and did not go on to “{r.data.next_event}”.
            </p>
            <DataTable
              csvName="dropped-users"
              columns={[
                { key: 'user_id', label: 'User' },
                { key: 'started_at', label: 'Started' },
                { key: 'reached_at', label: 'Reached the step' },
              ]}
              rows={r.data.users}
            />
          </>
        )}
      </Status>
    </Card>
  );
}

export default function FunnelsPage() {
  const { api, session } = useTally();
  const [state, setState] = useUrlState(FUNNEL_DEFAULTS);
  const [draft, setDraft] = useState(state);
  const [step, setStep] = useState<number | undefined>();
  const r = useAsync(() => runFunnel(api, session.appId, state), JSON.stringify([session.appId, state]));
  return (
    <Builder
      title="Funnels"
      kind="funnels"
      intro="Which share of users go through the steps, in order, within the window. Click a step to list the users who dropped after it."
      onApply={() => {
        setStep(undefined);
        setState(draft);
      }}
      form={
        <>
          <RangeFields from={draft.from} to={draft.to} onChange={(from, to) => setDraft({ ...draft, from, to })} />
          <TextInput label="Window" value={draft.window} onChange={(window) => setDraft({ ...draft, window })} hint="e.g. 30m, 1d, 7d" />
          <Select label="Order" value={draft.order} options={['ordered', 'strict', 'any'] as const} onChange={(order) => setDraft({ ...draft, order })} />
          <TextInput label="Breakdown by property" value={draft.breakdown} onChange={(breakdown) => setDraft({ ...draft, breakdown })} placeholder="(none)" />
          <fieldset className="form-block" style={{ flexBasis: '100%' }}>
            <legend className="muted">Steps</legend>
            <div className="row">
              {draft.steps.map((s, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: steps are edited in place
                <TextInput key={i} label={`Step ${i + 1}`} value={s} onChange={(v) => setDraft({ ...draft, steps: draft.steps.map((x, j) => (j === i ? v : x)) })} />
              ))}
              <button type="button" className="btn small" onClick={() => setDraft({ ...draft, steps: [...draft.steps, ''] })}>
                + Step
              </button>
              {draft.steps.length > 2 && (
                <button type="button" className="btn small" onClick={() => setDraft({ ...draft, steps: draft.steps.slice(0, -1) })}>
                  Remove last step
                </button>
              )}
            </div>
          </fieldset>
          <FiltersEditor filters={draft.filters} onChange={(filters) => setDraft({ ...draft, filters })} />
        </>
      }
    >
      <Card title="Result">
        <Status loading={r.loading} error={r.error} empty={!r.data}>
          {r.data && <FunnelResult data={r.data} onStep={(i) => i < (r.data?.steps.length ?? 0) - 1 && setStep(i)} />}
        </Status>
      </Card>
      {step !== undefined && <Dropped state={state} step={step} />}
    </Builder>
  );
}
