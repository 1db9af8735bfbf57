// Jobs: the scheduled jobs with their next run, one job's runs (status, attempts, progress,
// errors), and a manual run for the app.
import { useState } from 'react';
import { unwrap } from '../api/client.ts';
import { useTally } from '../context.ts';
import { Card, DataTable, ErrorBox, Status } from '../ui/kit.tsx';
import { useAsync } from '../ui/use-async.ts';

export default function JobsPage() {
  const { api, session } = useTally();
  const app = session.appId;
  const jobs = useAsync(() => unwrap(api.GET('/v1/jobs', { params: { query: { app_id: app } } })), app);
  const [job, setJob] = useState<string | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const runs = useAsync(job ? () => unwrap(api.GET('/v1/jobs/{name}/runs', { params: { path: { name: job }, query: { app_id: app, limit: 50 } } })) : undefined, `${app}:${job}`);
  const start = async (name: string) => {
    try {
      await unwrap(api.POST('/v1/jobs/{name}/runs', { params: { path: { name } }, body: { app_id: app } }));
      setError(undefined);
      setJob(name);
      runs.reload();
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Jobs</h1>
          <p className="muted">Scheduled work (cron, UTC) and its runs for {app}. Click a job to see its runs.</p>
        </div>
      </div>
      {error && <ErrorBox error={error} title="The run was refused" />}
      <Card title="Jobs">
        <Status loading={jobs.loading} error={jobs.error} empty={!jobs.data?.jobs.length} emptyText="No job is scheduled in this server.">
          <DataTable
            onRowClick={(r) => setJob(String(r.name))}
            columns={[
              { key: 'name', label: 'Job' },
              { key: 'description', label: 'What it does', render: (v) => <span style={{ whiteSpace: 'normal' }}>{String(v)}</span> },
              { key: 'schedule', label: 'Schedule' },
              { key: 'next_run_at', label: 'Next run' },
              {
                key: 'run',
                label: 'Run now',
                render: (_, r) => (
                  <button
                    type="button"
                    className="btn small"
                    onClick={(e) => {
                      e.stopPropagation();
                      start(String(r.name));
                    }}
                  >
                    Run now
                  </button>
                ),
              },
            ]}
            rows={jobs.data?.jobs ?? []}
          />
        </Status>
      </Card>
      {job && (
        <Card title={`Runs of ${job}`} actions={<button type="button" className="btn small" onClick={runs.reload}>Refresh</button>}>
          <Status loading={runs.loading} error={runs.error} empty={!runs.data?.runs.length} emptyText="No run yet.">
            <DataTable
              csvName={`${job}-runs`}
              columns={[
                { key: 'scheduled_at', label: 'For' },
                { key: 'trigger', label: 'Trigger' },
                { key: 'status', label: 'Status', render: (v) => <span className={`badge ${v === 'succeeded' ? 'good' : v === 'failed' ? 'bad' : ''}`}>{String(v)}</span> },
                { key: 'attempt', label: 'Attempts', numeric: true },
                { key: 'rows_done', label: 'Rows', numeric: true },
                { key: 'finished_at', label: 'Finished' },
                { key: 'error', label: 'Error' },
              ]}
              rows={runs.data?.runs ?? []}
            />
          </Status>
        </Card>
      )}
    </div>
  );
}
