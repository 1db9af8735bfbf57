// Sources (admin token): change capture from PostgreSQL: state, position, lag, rows and errors.
import { unwrap } from '../api/client.ts';
import { useTally } from '../context.ts';
import { Card, DataTable, Status } from '../ui/kit.tsx';
import { useAsync, useInterval } from '../ui/use-async.ts';

export default function SourcesPage() {
  const { api } = useTally();
  const sources = useAsync(() => unwrap(api.GET('/v1/sources')), 'sources');
  useInterval(sources.reload, 10_000);
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Sources</h1>
          <p className="muted">Change capture: PostgreSQL tables whose rows become events (TALLY_CDC_* settings, docs/cdc.md).</p>
        </div>
      </div>
      <Card title="Change capture">
        <Status loading={sources.loading} error={sources.error} empty={!sources.data?.sources.length} emptyText="No source is configured in this server.">
          <DataTable
            columns={[
              { key: 'kind', label: 'Kind' },
              { key: 'state', label: 'State' },
              { key: 'slot', label: 'Slot' },
              { key: 'tables', label: 'Tables', render: (v) => (v as string[]).join(', ') },
              { key: 'confirmed_lsn', label: 'Confirmed LSN' },
              { key: 'lag_seconds', label: 'Lag (s)', numeric: true },
              { key: 'rows', label: 'Rows' },
              { key: 'last_error', label: 'Last error' },
            ]}
            rows={sources.data?.sources ?? []}
          />
        </Status>
      </Card>
    </div>
  );
}
