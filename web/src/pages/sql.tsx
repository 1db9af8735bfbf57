// The SQL console: read-only SQL over the app's events (POST /v1/query), scoped by the server to
// the apps the key reads, with its time, row and memory limits. Errors are shown as sent.
import { useState } from 'react';
import { type ApiError, unwrap } from '../api/client.ts';
import { useTally } from '../context.ts';
import { Card, DataTable, ErrorBox, Loading } from '../ui/kit.tsx';
import { useUrlState } from '../url-state.ts';

const EXAMPLE = 'SELECT event_name, count() AS events, uniq(user_id) AS users\nFROM events\nGROUP BY event_name\nORDER BY events DESC\nLIMIT 20';

type Answer = { rows: Array<Record<string, unknown>>; row_count: number; elapsed_ms: number; app_ids: string[] };

export default function SqlPage() {
  const { api, session } = useTally();
  const [state, setState] = useUrlState({ sql: EXAMPLE });
  const [sql, setSql] = useState(state.sql);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<Answer | undefined>();
  const [error, setError] = useState<ApiError | Error | undefined>();
  const run = async () => {
    setState({ sql });
    setBusy(true);
    setError(undefined);
    try {
      setAnswer((await unwrap(api.POST('/v1/query', { body: { sql, app_id: session.appId } }))) as Answer);
    } catch (err) {
      setAnswer(undefined);
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const columns = answer?.rows[0] ? Object.keys(answer.rows[0]) : [];
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>SQL</h1>
          <p className="muted">
            Read-only SQL on the <code>events</code> table of {session.appId}; the server adds the app scope and the limits. Ctrl+Enter runs.
          </p>
        </div>
      </div>
      <form
        className="card"
        aria-label="SQL query"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <label htmlFor="sql" className="field-label">
          Query
        </label>
        <textarea
          id="sql"
          className="mono"
          rows={8}
          spellCheck={false}
          value={sql}
          onChange={(e) => setSql(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              run();
            }
          }}
        />
        <div className="row" style={{ marginTop: 8 }}>
          <button type="submit" className="btn primary" disabled={busy}>
            Run
          </button>
          {answer && (
            <span className="muted" data-testid="sql-summary">
              {answer.row_count} rows in {answer.elapsed_ms} ms · apps {answer.app_ids.join(', ')}
            </span>
          )}
        </div>
      </form>
      <Card title="Result">
        {busy ? (
          <Loading what="Running" />
        ) : error ? (
          <ErrorBox error={error} title="The query was refused" />
        ) : !answer ? (
          <p className="muted">Run a query to see its rows.</p>
        ) : answer.rows.length === 0 ? (
          <p className="muted">The query returned no rows.</p>
        ) : (
          <DataTable testId="sql-table" csvName="query" columns={columns.map((c) => ({ key: c, label: c, numeric: typeof answer.rows[0][c] === 'number' }))} rows={answer.rows} />
        )}
      </Card>
    </div>
  );
}
