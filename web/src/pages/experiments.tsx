// Experiments: variants with their rates and confidence intervals against the control, p-values
// (Holm-adjusted with several treatments), the sample-ratio check, the sequential (always-valid)
// status, and why an answer is "not enough data" when it is.
import { useMemo, useState } from 'react';
import { unwrap, type Api, type JsonAnswer, type JsonBody } from '../api/client.ts';
import { useTally } from '../context.ts';
import { EChart } from '../charts/echart.tsx';
import { Card, DataTable, Select, Status, TextInput } from '../ui/kit.tsx';
import { num, pct } from '../ui/format.ts';
import { useAsync } from '../ui/use-async.ts';
import { useUrlState } from '../url-state.ts';
import { Builder, RangeFields } from './insight-kit.tsx';

export interface ExperimentState {
  from: string;
  to: string;
  variant_property: string;
  exposure_event: string;
  goal: string;
  control: string;
  confidence_level: string;
  sequential: boolean;
  min_users_per_variant: string;
}

export const EXPERIMENT_DEFAULTS: ExperimentState = { from: '-30d', to: '', variant_property: 'variant', exposure_event: '', goal: 'purchase', control: '', confidence_level: '0.95', sequential: false, min_users_per_variant: '100' };

type ExperimentAnswer = JsonAnswer<'/v1/insights/experiments', 'post'>;

export function runExperiment(api: Api, appId: string, s: ExperimentState): Promise<ExperimentAnswer> {
  const body = {
    app_id: appId,
    from: s.from,
    ...(s.to ? { to: s.to } : {}),
    variant_property: s.variant_property,
    ...(s.exposure_event ? { exposure_event: s.exposure_event } : {}),
    ...(s.control ? { control: s.control } : {}),
    goal: { event: s.goal },
    confidence_level: Number(s.confidence_level),
    sequential: s.sequential,
    min_users_per_variant: Number(s.min_users_per_variant),
  } as JsonBody<'/v1/insights/experiments', 'post'>;
  return unwrap(api.POST('/v1/insights/experiments', { body }));
}

const ci = (v: unknown) => (Array.isArray(v) ? `[${pct(v[0] as number, 2)}, ${pct(v[1] as number, 2)}]` : '—');

export function ExperimentResult({ data, compact }: { data: ExperimentAnswer; compact?: boolean }) {
  const option = useMemo(
    () => ({
      grid: { left: 60, right: 20, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: data.variants.map((v) => v.variant) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${(v * 100).toFixed(0)}%` } },
      tooltip: { trigger: 'axis' },
      series: [{ name: 'conversion rate', type: 'bar', data: data.variants.map((v) => v.rate), label: { show: true, position: 'top', textBorderWidth: 0, formatter: (p: { value: number }) => pct(p.value, 1) } }],
    }),
    [data],
  );
  const rows = data.variants.map((v) => ({
    variant: v.variant + (v.is_control ? ' (control)' : ''),
    users: v.users,
    conversions: v.conversions,
    rate: v.rate,
    diff: v.comparison?.diff,
    diff_ci: v.comparison?.diff_ci,
    lift: v.comparison?.lift,
    p_value: v.comparison?.p_value,
    p_value_adjusted: v.comparison?.p_value_adjusted,
    sequential_p_value: v.comparison?.sequential_p_value,
    significant: v.comparison ? (v.comparison.significant ? 'yes' : 'no') : '',
    probability_best: v.probability_best,
  }));
  return (
    <>
      <div className="row" style={{ marginBottom: 8 }} data-testid="experiment-status">
        {data.status === 'ready' ? <span className="badge good">ready</span> : <span className="badge bad">not enough data</span>}
        <span className="badge">{data.test}</span>
        <span className="badge">confidence {pct(data.confidence_level, 1)}</span>
        {data.significant ? <span className="badge good">significant</span> : <span className="badge">not significant</span>}
        {data.sequential && <span className={`badge ${data.sequential.significant ? 'good' : ''}`}>sequential ({data.sequential.method}, {data.sequential.looks} looks): {data.sequential.significant ? 'stop: significant' : 'keep running'}</span>}
      </div>
      {data.status === 'not_enough_data' && (
        <div className="notice" role="note" data-testid="not-enough-data">
          <strong>Not enough data to conclude.</strong>
          <ul>
            {data.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      )}
      {data.srm.mismatch && (
        <p className="notice" role="alert" data-testid="srm-warning">
          Sample ratio mismatch: the users per variant differ from the expected split (χ² = {num(data.srm.chi_square)}, p = {num(data.srm.p_value)}). Check the assignment before trusting the result.
        </p>
      )}
      {data.variants.length === 0 ? <p className="notice">No user with the variant property in this range.</p> : <EChart option={option} label={`Conversion rate by variant: ${data.variants.map((v) => `${v.variant} ${pct(v.rate)}`).join(', ')}`} small={compact} testId="experiment-chart" />}
      {!compact && <DifferenceChart data={data} />}
      {!compact && (
        <DataTable
          testId="experiment-table"
          csvName="experiment"
          columns={[
            { key: 'variant', label: 'Variant' },
            { key: 'users', label: 'Users', numeric: true },
            { key: 'conversions', label: 'Conversions', numeric: true },
            { key: 'rate', label: 'Rate', numeric: true, render: (v) => pct(v as number, 2) },
            { key: 'diff', label: 'Difference', numeric: true, render: (v) => (v === undefined ? '—' : pct(v as number, 2)) },
            { key: 'diff_ci', label: 'Difference CI', numeric: true, render: ci },
            { key: 'lift', label: 'Lift', numeric: true, render: (v) => (v === undefined || v === null ? '—' : pct(v as number, 1)) },
            { key: 'p_value', label: 'p-value', numeric: true },
            { key: 'p_value_adjusted', label: 'Adjusted p', numeric: true },
            { key: 'sequential_p_value', label: 'Sequential p', numeric: true },
            { key: 'significant', label: 'Significant' },
            { key: 'probability_best', label: 'P(best)', numeric: true, render: (v) => pct(v as number, 1) },
          ]}
          rows={rows}
        />
      )}
      {!compact && <p className="muted">Two-variant p-value: {num(data.p_value)} · SRM p-value: {num(data.srm.p_value)} · correction: {data.correction}</p>}
    </>
  );
}

export function ExperimentsTile({ state }: { state: ExperimentState }) {
  const { api, session } = useTally();
  const r = useAsync(() => runExperiment(api, session.appId, state), JSON.stringify([session.appId, state]));
  return (
    <Status loading={r.loading} error={r.error} empty={!r.data}>
      {r.data && <ExperimentResult data={r.data} compact />}
    </Status>
  );
}

export default function ExperimentsPage() {
  const { api, session } = useTally();
  const [state, setState] = useUrlState(EXPERIMENT_DEFAULTS);
  const [draft, setDraft] = useState(state);
  const r = useAsync(() => runExperiment(api, session.appId, state), JSON.stringify([session.appId, state]));
  return (
    <Builder
      title="Experiments"
      kind="experiments"
      intro="Conversion by variant (a user's variant is the first value of the property on their events), each treatment against the control."
      onApply={() => setState(draft)}
      form={
        <>
          <RangeFields from={draft.from} to={draft.to} onChange={(from, to) => setDraft({ ...draft, from, to })} />
          <TextInput label="Variant property" value={draft.variant_property} onChange={(variant_property) => setDraft({ ...draft, variant_property })} />
          <TextInput label="Exposure event" value={draft.exposure_event} onChange={(exposure_event) => setDraft({ ...draft, exposure_event })} placeholder="(any event)" />
          <TextInput label="Goal event" value={draft.goal} onChange={(goal) => setDraft({ ...draft, goal })} />
          <TextInput label="Control variant" value={draft.control} onChange={(control) => setDraft({ ...draft, control })} placeholder="(first)" />
          <Select label="Confidence" value={draft.confidence_level} options={['0.9', '0.95', '0.99'] as const} onChange={(confidence_level) => setDraft({ ...draft, confidence_level })} />
          <TextInput label="Min users per variant" type="number" value={draft.min_users_per_variant} onChange={(min_users_per_variant) => setDraft({ ...draft, min_users_per_variant })} />
          <Select label="Sequential test" value={draft.sequential ? 'yes' : 'no'} options={[['no', 'Fixed horizon'], ['yes', 'Sequential (mSPRT)']] as const} onChange={(v) => setDraft({ ...draft, sequential: v === 'yes' })} />
        </>
      }
    >
      <Card title="Result">
        <Status loading={r.loading} error={r.error} empty={!r.data}>
          {r.data && <ExperimentResult data={r.data} />}
        </Status>
      </Card>
    </Builder>
  );
}

/** each treatment's difference from the control with its confidence interval (a segment crossing 0 is not significant) */
function DifferenceChart({ data }: { data: ExperimentAnswer }) {
  const treated = data.variants.filter((v) => v.comparison?.diff_ci);
  const option = useMemo(() => {
    const names = treated.map((v) => v.variant);
    // a symmetric axis around 0 (no difference), rounded to whole steps of 5 points
    const span = Math.ceil((Math.max(0.01, ...treated.flatMap((v) => (v.comparison?.diff_ci ?? []).map((x) => Math.abs(x)))) * 1.1) / 0.05) * 0.05;
    return {
      grid: { left: 80, right: 30, top: 30, bottom: 40 },
      tooltip: { trigger: 'item' },
      legend: { show: false },
      xAxis: { type: 'value', min: -span, max: span, axisLabel: { formatter: (v: number) => `${(v * 100).toFixed(0)}%` }, name: `difference from ${data.control ?? 'control'}`, nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'category', data: names },
      series: [
        ...treated.map((v) => ({ name: `${v.variant} ${pct(data.confidence_level, 0)} CI`, type: 'line', symbol: 'rect', symbolSize: [2, 14], lineStyle: { width: 3 }, data: (v.comparison?.diff_ci ?? []).map((x) => [x, v.variant]) })),
        { name: 'difference', type: 'line', lineStyle: { opacity: 0 }, symbol: 'circle', symbolSize: 10, data: treated.map((v) => [v.comparison?.diff ?? 0, v.variant]) },
      ],
    };
  }, [data, treated]);
  if (treated.length === 0) return null;
  return <EChart option={option} label={`Difference from the control with ${pct(data.confidence_level, 0)} confidence intervals: ${treated.map((v) => `${v.variant} ${pct(v.comparison?.diff ?? 0, 2)} [${(v.comparison?.diff_ci ?? []).map((x) => pct(x, 2)).join(', ')}]`).join('; ')}`} small />;
}
