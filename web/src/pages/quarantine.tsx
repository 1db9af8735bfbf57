// Quarantine: the events ingest rejected, by code; one event's payload and reason; replay (with a
// write key or the admin token: replaying is ingesting).
import { useState } from 'react';
import { unwrap } from '../api/client.ts';
import { useTally } from '../context.ts';
import { Card, DataTable, ErrorBox, Status } from '../ui/kit.tsx';
import { useAsync } from '../ui/use-async.ts';

export default function QuarantinePage() {
  const { api, session } = useTally();
  const app = session.appId;
  const [code, setCode] = useState<string | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const [replay, setReplay] = useState<{ result?: Record<string, unknown>; error?: Error }>({});
  const summary = useAsync(() => unwrap(api.GET('/v1/quarantine/summary', { params: { query: { app_id: app } } })), app);
  const list = useAsync(() => unwrap(api.GET('/v1/quarantine', { params: { query: { app_id: app, limit: 100, ...(code ? { code } : {}) } } })), `${app}:${code}`);
  const item = useAsync(selected ? () => unwrap(api.GET('/v1/quarantine/{quarantine_id}', { params: { path: { quarantine_id: selected }, query: { app_id: app } } })) : undefined, `${app}:${selected}`);
  const doReplay = async (ids?: string[]) => {
    try {
      const result = await unwrap(api.POST('/v1/quarantine/replay', { body: { app_id: app, ...(ids ? { ids } : code ? { code } : {}) } }));
      setReplay({ result });
      list.reload();
      summary.reload();
    } catch (err) {
      setReplay({ error: err as Error });
    }
  };
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Quarantine</h1>
          <p className="muted">Events of {app} that ingest rejected, kept with their reason. Fix the cause (a schema, a key) and replay them through the same pipeline.</p>
        </div>
        <div className="spacer" />
        <button type="button" className="btn" onClick={() => doReplay()}>
          Replay {code ? `all ${code}` : 'all'}
        </button>
      </div>
      {session.kind === 'read' && <p className="notice">Replaying ingests events, which a read key may not do: the server will refuse it. Sign in with the admin token to replay.</p>}
      {replay.error && <ErrorBox error={replay.error} title="Replay refused" />}
      {replay.result && <p className="notice">Replayed: {JSON.stringify(replay.result)}</p>}
      <Card title="By rejection code">
        <Status loading={summary.loading} error={summary.error} empty={!summary.data?.by_code.length} emptyText="Nothing in quarantine: every event was accepted.">
          <DataTable onRowClick={(r) => setCode(code === r.code ? undefined : String(r.code))} columns={[{ key: 'code', label: 'Code' }, { key: 'count', label: 'Events', numeric: true }]} rows={summary.data?.by_code ?? []} />
        </Status>
      </Card>
      <div className="split">
        <Card title={code ? `Events rejected with ${code}` : 'Rejected events'}>
          <Status loading={list.loading} error={list.error} empty={!list.data?.items.length} emptyText="No rejected event.">
            <DataTable
              csvName="quarantine"
              onRowClick={(r) => setSelected(String(r.quarantine_id))}
              isSelected={(r) => r.quarantine_id === selected}
              columns={[
                { key: 'received_at', label: 'Received' },
                { key: 'event_name', label: 'Event' },
                { key: 'code', label: 'Code' },
                { key: 'status', label: 'Status' },
              ]}
              rows={list.data?.items ?? []}
            />
          </Status>
        </Card>
        <Card title="Rejected event" actions={item.data && <button type="button" className="btn small" onClick={() => doReplay([String(item.data?.quarantine_id)])}>Replay this one</button>}>
          {!selected ? (
            <p className="muted">Select an event to inspect its payload and reason.</p>
          ) : (
            <Status loading={item.loading} error={item.error} empty={!item.data}>
              {item.data && (
                <>
                  <p>
                    <code>{item.data.code}</code> {item.data.message}
                  </p>
                  <pre className="json">{(() => { try { return JSON.stringify(JSON.parse(item.data.payload), null, 2); } catch { return item.data.payload; } })()}</pre>
                </>
              )}
            </Status>
          )}
        </Card>
      </div>
    </div>
  );
}
