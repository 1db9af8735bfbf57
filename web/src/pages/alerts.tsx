// Alerts: the app's rules on trends (threshold, change, anomaly) with their state, a rule's
// history, silence, test and delete, a form for a threshold rule; for the admin token, the
// built-in pipeline rules (ingest lag, errors, dead letters, quarantine, …) and their state.
import { useState } from 'react';
import { unwrap, type JsonBody } from '../api/client.ts';
import { useTally } from '../context.ts';
import { Card, DataTable, ErrorBox, Select, Status, TextInput } from '../ui/kit.tsx';
import { useAsync } from '../ui/use-async.ts';

const stateBadge = (v: unknown) => {
  const s = String((v as { state?: string } | undefined)?.state ?? v);
  return <span className={`badge ${s === 'firing' ? 'bad' : s === 'ok' ? 'good' : ''}`}>{s}</span>;
};

export default function AlertsPage() {
  const { api, session } = useTally();
  const app = session.appId;
  const rules = useAsync(() => unwrap(api.GET('/v1/alerts', { params: { query: { app_id: app } } })), app);
  const pipeline = useAsync(session.kind === 'admin' ? () => unwrap(api.GET('/v1/alerts/pipeline')) : undefined, session.kind);
  const [selected, setSelected] = useState<string | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const history = useAsync(selected ? () => unwrap(api.GET('/v1/alerts/{alert_id}/events', { params: { path: { alert_id: selected }, query: { app_id: app, limit: 50 } } })) : undefined, `${app}:${selected}`);
  const [form, setForm] = useState({ name: '', event: 'page_view', interval: 'hour' as 'minute' | 'hour' | 'day', op: 'above' as 'above' | 'below', value: '100', every: '5m', url: '', secret: '' });
  const act = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      setError(undefined);
      setDone(what);
      rules.reload();
      history.reload();
    } catch (err) {
      setDone(undefined);
      setError(err as Error);
    }
  };
  const create = () =>
    act('Rule created.', () =>
      unwrap(
        api.POST('/v1/alerts', {
          body: {
            app_id: app,
            name: form.name,
            trend: { series: [{ event: form.event, math: 'count' }], interval: form.interval },
            condition: { kind: 'threshold', op: form.op, value: Number(form.value) },
            every: form.every,
            webhook: { url: form.url, secret: form.secret },
          } as JsonBody<'/v1/alerts', 'post'>,
        }),
      ),
    );
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Alerts</h1>
          <p className="muted">Rules on {app}'s trends, evaluated on their schedule, notifying a signed webhook (docs/alerts.md). Click a rule for its history.</p>
        </div>
      </div>
      {error && <ErrorBox error={error} />}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <Card title="Rules">
        <Status loading={rules.loading} error={rules.error} empty={!rules.data?.alerts.length} emptyText="No alert rule for this app yet: create one below.">
          <DataTable
            onRowClick={(r) => setSelected(String(r.alert_id))}
            columns={[
              { key: 'name', label: 'Rule' },
              { key: 'trend', label: 'Watches', render: (v) => JSON.stringify((v as { series?: unknown[] }).series?.[0] ?? v).slice(0, 60) },
              { key: 'condition', label: 'Condition', render: (v) => JSON.stringify(v).slice(0, 70) },
              { key: 'every', label: 'Every' },
              { key: 'status', label: 'State', render: stateBadge },
              { key: 'silenced_until', label: 'Silenced until' },
              {
                key: 'actions',
                label: 'Actions',
                render: (_, r) => {
                  const path = { path: { alert_id: String(r.alert_id) }, query: { app_id: app } };
                  return (
                    <span className="row">
                      <button type="button" className="btn small" onClick={(e) => {
                          e.stopPropagation();
                          act('Silenced for 1 hour.', () => unwrap(api.POST('/v1/alerts/{alert_id}/silence', { params: path, body: { for: '1h' } })));
                        }}
                      >
                        Silence 1h
                      </button>
                      <button type="button" className="btn small" onClick={(e) => {
                          e.stopPropagation();
                          act('Test notification sent.', () => unwrap(api.POST('/v1/alerts/{alert_id}/test', { params: path })));
                        }}
                      >
                        Test
                      </button>
                      <button type="button" className="btn small danger" onClick={(e) => {
                          e.stopPropagation();
                          confirm(`Delete ${r.name}?`) && act('Rule deleted.', () => unwrap(api.DELETE('/v1/alerts/{alert_id}', { params: path })));
                        }}
                      >
                        Delete
                      </button>
                    </span>
                  );
                },
              },
            ]}
            rows={rules.data?.alerts ?? []}
          />
        </Status>
      </Card>
      {selected && (
        <Card title="History">
          <Status loading={history.loading} error={history.error} empty={!history.data?.events.length} emptyText="No state change or test yet.">
            <DataTable
              csvName={`alert-${selected}`}
              columns={[
                { key: 'at', label: 'At' },
                { key: 'kind', label: 'Kind' },
                { key: 'value', label: 'Value', numeric: true },
                { key: 'previous_state', label: 'From' },
                { key: 'state', label: 'To', render: stateBadge },
                { key: 'delivery', label: 'Delivery', render: (v) => String((v as { result?: string }).result ?? '') },
                { key: 'message', label: 'Message' },
              ]}
              rows={history.data?.events ?? []}
            />
          </Status>
        </Card>
      )}
      <Card title="New threshold rule">
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            create();
          }}
        >
          <TextInput label="Name" value={form.name} onChange={(name) => setForm({ ...form, name })} placeholder="traffic drop" />
          <TextInput label="Event (count)" value={form.event} onChange={(event) => setForm({ ...form, event })} />
          <Select label="Per" value={form.interval} options={['minute', 'hour', 'day'] as const} onChange={(interval) => setForm({ ...form, interval })} />
          <Select label="Fires when" value={form.op} options={['above', 'below'] as const} onChange={(op) => setForm({ ...form, op })} />
          <TextInput label="Value" type="number" value={form.value} onChange={(value) => setForm({ ...form, value })} />
          <TextInput label="Every" value={form.every} onChange={(every) => setForm({ ...form, every })} hint="1m to 1d" />
          <TextInput label="Webhook URL" value={form.url} onChange={(url) => setForm({ ...form, url })} placeholder="https://…" />
          <TextInput label="Webhook secret" type="password" value={form.secret} onChange={(secret) => setForm({ ...form, secret })} hint="at least 8 characters" />
          <button type="submit" className="btn primary" disabled={!form.name.trim()}>
            Create
          </button>
        </form>
      </Card>
      {session.kind === 'admin' && (
        <Card title="Pipeline rules">
          <Status loading={pipeline.loading} error={pipeline.error} empty={!pipeline.data?.rules.length}>
            <DataTable
              columns={[
                { key: 'name', label: 'Rule' },
                { key: 'description', label: 'What it watches', render: (v) => <span style={{ whiteSpace: 'normal' }}>{String(v)}</span> },
                { key: 'threshold', label: 'Threshold', numeric: true, render: (v, r) => `${v} ${r.unit}` },
                { key: 'status', label: 'State', render: stateBadge },
                { key: 'silenced_until', label: 'Silenced until' },
              ]}
              rows={pipeline.data?.rules ?? []}
            />
          </Status>
        </Card>
      )}
    </div>
  );
}
