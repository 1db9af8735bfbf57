// Sinks (admin token): the export destinations and each one's sync status: cursor, lag, batches
// and their errors; a sync on demand.
import { useState } from 'react';
import { unwrap } from '../api/client.ts';
import { useTally } from '../context.ts';
import { Card, DataTable, ErrorBox, Kpi, Status } from '../ui/kit.tsx';
import { useAsync } from '../ui/use-async.ts';

export default function SinksPage() {
  const { api, session } = useTally();
  const app = session.appId;
  const sinks = useAsync(() => unwrap(api.GET('/v1/sinks', { params: { query: { app_id: app } } })), app);
  const [sink, setSink] = useState<string | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const status = useAsync(sink ? () => unwrap(api.GET('/v1/sinks/{sink_id}/status', { params: { path: { sink_id: sink }, query: { limit: 50 } } })) : undefined, `${sink}`);
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Sinks</h1>
          <p className="muted">Where {app}'s events are exported (Parquet files, S3, PostgreSQL, ClickHouse) and how far each export has come. Sinks are created with POST /v1/sinks.</p>
        </div>
      </div>
      {error && <ErrorBox error={error} />}
      <Card title="Sinks">
        <Status loading={sinks.loading} error={sinks.error} empty={!sinks.data?.sinks.length} emptyText="No sink exports this app's events.">
          <DataTable
            onRowClick={(r) => setSink(String(r.sink_id))}
            columns={[
              { key: 'sink_id', label: 'Sink' },
              { key: 'kind', label: 'Kind' },
              { key: 'batch_rows', label: 'Batch rows', numeric: true },
              { key: 'created_at', label: 'Created' },
            ]}
            rows={sinks.data?.sinks ?? []}
          />
        </Status>
      </Card>
      {sink && (
        <Card
          title={`Sync status of ${sink}`}
          actions={
            <button
              type="button"
              className="btn small"
              onClick={async () => {
                try {
                  await unwrap(api.POST('/v1/sinks/{sink_id}/sync', { params: { path: { sink_id: sink } } }));
                  status.reload();
                } catch (err) {
                  setError(err as Error);
                }
              }}
            >
              Sync now
            </button>
          }
        >
          <Status loading={status.loading} error={status.error} empty={!status.data}>
            {status.data && (
              <>
                <div className="kpis">
                  <Kpi label="Lag (seconds)" value={status.data.lag_seconds} />
                  <div className="kpi">
                    <div className="kpi-label">Cursor</div>
                    <div className="kpi-value" style={{ fontSize: 14 }}>
                      {status.data.cursor ?? 'not started'}
                    </div>
                  </div>
                </div>
                <DataTable
                  csvName={`${sink}-batches`}
                  columns={[
                    { key: 'batch_seq', label: 'Batch', numeric: true },
                    { key: 'status', label: 'Status' },
                    { key: 'rows', label: 'Rows', numeric: true },
                    { key: 'bytes', label: 'Bytes', numeric: true },
                    { key: 'attempts', label: 'Attempts', numeric: true },
                    { key: 'finished_at', label: 'Finished' },
                    { key: 'error', label: 'Error' },
                  ]}
                  rows={status.data.batches}
                />
              </>
            )}
          </Status>
        </Card>
      )}
    </div>
  );
}
