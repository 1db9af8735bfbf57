// Paths: what users did after (or before) a start event, step by step, as a Sankey diagram and a
// table of the most common paths at each depth.
import { useMemo, useState } from 'react';
import { unwrap, type Api, type JsonAnswer, type JsonBody } from '../api/client.ts';
import { useTally } from '../context.ts';
import { EChart } from '../charts/echart.tsx';
import { Card, DataTable, Select, Status, TextInput } from '../ui/kit.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useUrlState } from '../url-state.ts';
import { Builder, RangeFields } from './insight-kit.tsx';

export interface PathState {
  from: string;
  to: string;
  start_event: string;
  direction: 'next' | 'previous';
  depth: number;
  limit: number;
  session_scoped: boolean;
}

export const PATH_DEFAULTS: PathState = { from: '-30d', to: '', start_event: 'page_view', direction: 'next', depth: 3, limit: 10, session_scoped: false };

type PathAnswer = JsonAnswer<'/v1/insights/paths', 'post'>;

export function runPaths(api: Api, appId: string, s: PathState): Promise<PathAnswer> {
  const body = { app_id: appId, from: s.from, ...(s.to ? { to: s.to } : {}), start_event: s.start_event, direction: s.direction, depth: Number(s.depth), limit: Number(s.limit), session_scoped: s.session_scoped } as JsonBody<'/v1/insights/paths', 'post'>;
  return unwrap(api.POST('/v1/insights/paths', { body }));
}

/** nodes are (depth, event); links join consecutive steps of the deepest paths */
function sankey(data: PathAnswer) {
  const links = new Map<string, number>();
  const nodes = new Set<string>();
  const name = (depth: number, event: string) => `${depth}: ${event}`;
  for (const d of data.depths) {
    for (const p of d.paths) {
      const full = data.direction === 'previous' ? [...p.path].reverse() : p.path;
      const steps = [data.start_event, ...full];
      if (steps.length < 2) continue;
      const from = name(steps.length - 2, steps[steps.length - 2]);
      const to = name(steps.length - 1, steps[steps.length - 1]);
      nodes.add(from);
      nodes.add(to);
      links.set(`${from}\u0000${to}`, (links.get(`${from}\u0000${to}`) ?? 0) + p.users);
    }
  }
  return { nodes: [...nodes].map((n) => ({ name: n })), links: [...links].map(([k, value]) => ({ source: k.split('\u0000')[0], target: k.split('\u0000')[1], value })) };
}

export function PathResult({ data, compact }: { data: PathAnswer; compact?: boolean }) {
  const graph = useMemo(() => sankey(data), [data]);
  const option = useMemo(() => ({ tooltip: { trigger: 'item' }, series: [{ type: 'sankey', data: graph.nodes, links: graph.links, emphasis: { focus: 'adjacency' }, nodeGap: 10, nodeAlign: 'left', lineStyle: { color: 'gradient', opacity: 0.35 }, label: { fontSize: 12, formatter: (p: { name: string }) => p.name.replace(/^\d+: /, '') } }] }), [graph]);
  const rows = data.depths.flatMap((d) => d.paths.map((p) => ({ depth: d.depth, path: [data.start_event, ...p.path].join(' → '), users: p.users, events: p.events })));
  return (
    <>
      <p className="muted">
        {data.starts.users} users did “{data.start_event}” {data.starts.events} times.
      </p>
      {graph.links.length === 0 ? <p className="notice">No path from this event in the range.</p> : <EChart option={option} label={`Paths from ${data.start_event}`} small={compact} testId="paths-chart" />}
      {!compact && (
        <DataTable
          testId="paths-table"
          csvName="paths"
          columns={[
            { key: 'depth', label: 'Depth', numeric: true },
            { key: 'path', label: 'Path' },
            { key: 'users', label: 'Users', numeric: true },
            { key: 'events', label: 'Times', numeric: true },
          ]}
          rows={rows}
        />
      )}
    </>
  );
}

export function PathsTile({ state }: { state: PathState }) {
  const { api, session } = useTally();
  const r = useAsync(() => runPaths(api, session.appId, state), JSON.stringify([session.appId, state]));
  return (
    <Status loading={r.loading} error={r.error} empty={!r.data}>
      {r.data && <PathResult data={r.data} compact />}
    </Status>
  );
}

export default function PathsPage() {
  const { api, session } = useTally();
  const [state, setState] = useUrlState(PATH_DEFAULTS);
  const [draft, setDraft] = useState(state);
  const r = useAsync(() => runPaths(api, session.appId, state), JSON.stringify([session.appId, state]));
  return (
    <Builder
      title="Paths"
      kind="paths"
      intro="The sequences of events users did after (or before) an event."
      onApply={() => setState(draft)}
      form={
        <>
          <RangeFields from={draft.from} to={draft.to} onChange={(from, to) => setDraft({ ...draft, from, to })} />
          <TextInput label="Start event" value={draft.start_event} onChange={(start_event) => setDraft({ ...draft, start_event })} />
          <Select label="Direction" value={draft.direction} options={['next', 'previous'] as const} onChange={(direction) => setDraft({ ...draft, direction })} />
          <TextInput label="Depth" type="number" value={String(draft.depth)} onChange={(v) => setDraft({ ...draft, depth: Number(v) })} />
          <TextInput label="Paths per depth" type="number" value={String(draft.limit)} onChange={(v) => setDraft({ ...draft, limit: Number(v) })} />
          <Select label="Scope" value={draft.session_scoped ? 'session' : 'user'} options={[['user', 'Across sessions'], ['session', 'Within a session']] as const} onChange={(v) => setDraft({ ...draft, session_scoped: v === 'session' })} />
        </>
      }
    >
      <Card title="Paths">
        <Status loading={r.loading} error={r.error} empty={!r.data}>
          {r.data && <PathResult data={r.data} />}
        </Status>
      </Card>
    </Builder>
  );
}
