// Segments: members of a lifecycle, power-user, churn-risk, saved or inline custom segment, and
// the app's saved segments.
import { useState } from 'react';
import { unwrap, type Api, type JsonAnswer, type JsonBody } from '../api/client.ts';
import { useTally } from '../context.ts';
import { Card, DataTable, ErrorBox, Select, Status, TextInput } from '../ui/kit.tsx';
import { num } from '../ui/format.ts';
import { useAsync } from '../ui/use-async.ts';
import { useUrlState } from '../url-state.ts';
import { Builder } from './insight-kit.tsx';

const KINDS = ['new', 'returning', 'resurrecting', 'dormant', 'power_users', 'churn_risk', 'saved', 'custom'] as const;

export interface SegmentState {
  kind: (typeof KINDS)[number];
  from: string;
  saved: string;
  event: string;
  min_count: string;
  limit: string;
}

export const SEGMENT_DEFAULTS: SegmentState = { kind: 'new', from: '-30d', saved: '', event: 'purchase', min_count: '1', limit: '100' };

type SegmentAnswer = JsonAnswer<'/v1/insights/segments', 'post'>;

export function runSegment(api: Api, appId: string, s: SegmentState): Promise<SegmentAnswer> {
  const segment =
    s.kind === 'saved'
      ? { saved: s.saved }
      : s.kind === 'custom'
        ? { custom: { event: s.event || undefined, min_count: Number(s.min_count) || 1, from: s.from } }
        : s.kind === 'power_users' || s.kind === 'churn_risk'
          ? { builtin: s.kind }
          : { builtin: s.kind, from: s.from };
  return unwrap(api.POST('/v1/insights/segments', { body: { app_id: appId, segment, limit: Number(s.limit) || 100 } as JsonBody<'/v1/insights/segments', 'post'> }));
}

export function SegmentResult({ data, compact }: { data: SegmentAnswer; compact?: boolean }) {
  const extra = [...new Set(data.members.flatMap((m) => Object.keys(m)))].filter((k) => k !== 'user_id');
  return (
    <>
      <div className="kpis">
        <div className="kpi" data-testid="segment-size">
          <div className="kpi-label">{data.kind} users</div>
          <div className="kpi-value" data-value={data.size}>
            {num(data.size)}
          </div>
          <div className="kpi-delta muted">
            {data.from.slice(0, 10)} – {data.to.slice(0, 10)}
          </div>
        </div>
      </div>
      {!compact &&
        (data.members.length === 0 ? (
          <p className="notice">No member.</p>
        ) : (
          <DataTable csvName="segment-members" columns={[{ key: 'user_id', label: 'User' }, ...extra.map((k) => ({ key: k, label: k, numeric: typeof data.members[0][k] === 'number' }))]} rows={data.members} />
        ))}
    </>
  );
}

export function SegmentsTile({ state }: { state: SegmentState }) {
  const { api, session } = useTally();
  const r = useAsync(() => runSegment(api, session.appId, state), JSON.stringify([session.appId, state]));
  return (
    <Status loading={r.loading} error={r.error} empty={!r.data}>
      {r.data && <SegmentResult data={r.data} compact />}
    </Status>
  );
}

export default function SegmentsPage() {
  const { api, session } = useTally();
  const [state, setState] = useUrlState(SEGMENT_DEFAULTS);
  const [draft, setDraft] = useState(state);
  const r = useAsync(() => runSegment(api, session.appId, state), JSON.stringify([session.appId, state]));
  const saved = useAsync(() => unwrap(api.GET('/v1/segments', { params: { query: { app_id: session.appId } } })), session.appId);
  const [saveAs, setSaveAs] = useState('');
  const [saveError, setSaveError] = useState<Error | undefined>();
  const save = async () => {
    try {
      await unwrap(api.PUT('/v1/segments/{name}', { params: { path: { name: saveAs.trim() }, query: { app_id: session.appId } }, body: { ...(state.event ? { event: state.event } : {}), min_count: Number(state.min_count) || 1, from: state.from } }));
      setSaveError(undefined);
      setSaveAs('');
      saved.reload();
    } catch (err) {
      setSaveError(err as Error);
    }
  };
  return (
    <Builder
      title="Segments"
      kind="segments"
      intro="Who is new, returning, resurrecting or dormant; the power users; who is at risk of churning; saved and custom segments."
      onApply={() => setState(draft)}
      form={
        <>
          <Select label="Segment" value={draft.kind} options={KINDS} onChange={(kind) => setDraft({ ...draft, kind })} />
          {['new', 'returning', 'resurrecting', 'dormant', 'custom'].includes(draft.kind) && <TextInput label="From" value={draft.from} onChange={(from) => setDraft({ ...draft, from })} />}
          {draft.kind === 'saved' && <TextInput label="Saved segment" value={draft.saved} onChange={(saved) => setDraft({ ...draft, saved })} />}
          {draft.kind === 'custom' && <TextInput label="Event" value={draft.event} onChange={(event) => setDraft({ ...draft, event })} />}
          {draft.kind === 'custom' && <TextInput label="At least (times)" type="number" value={draft.min_count} onChange={(min_count) => setDraft({ ...draft, min_count })} />}
          <TextInput label="Members shown" type="number" value={draft.limit} onChange={(limit) => setDraft({ ...draft, limit })} />
        </>
      }
    >
      <Card title="Members">
        <Status loading={r.loading} error={r.error} empty={!r.data}>
          {r.data && <SegmentResult data={r.data} />}
        </Status>
      </Card>
      {state.kind === 'custom' && (
        <Card title="Save this custom segment">
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              save();
            }}
          >
            <TextInput label="Name" value={saveAs} onChange={setSaveAs} placeholder="carters" hint="letters, digits, _ . -" />
            <button type="submit" className="btn primary" disabled={!saveAs.trim()}>
              Save
            </button>
          </form>
          {saveError && <ErrorBox error={saveError} title="Not saved" />}
        </Card>
      )}
      <Card title="Saved segments">
        <Status loading={saved.loading} error={saved.error} empty={!saved.data?.segments.length} emptyText="No saved segment: choose “custom”, apply, and save it.">
          <DataTable columns={[{ key: 'name', label: 'Name' }, { key: 'definition', label: 'Definition' }, { key: 'updated_at', label: 'Updated' }]} rows={saved.data?.segments ?? []} onRowClick={(row) => setState({ ...state, kind: 'saved', saved: String(row.name) })} />
        </Status>
      </Card>
    </Builder>
  );
}
