// Tracking plans: the app's validation mode (off, warn, enforce) and its event schemas (JSON
// Schema, versioned); register a new version of one.
import { useState } from 'react';
import { unwrap } from '../api/client.ts';
import { useTally } from '../context.ts';
import { Card, DataTable, ErrorBox, Select, Status, TextInput } from '../ui/kit.tsx';
import { useAsync } from '../ui/use-async.ts';

const MODES = ['off', 'warn', 'enforce'] as const;
const EXAMPLE = '{\n  "type": "object",\n  "properties": { "revenue": { "type": "number" } },\n  "required": ["revenue"]\n}';

export default function SchemasPage() {
  const { api, session } = useTally();
  const app = session.appId;
  const list = useAsync(() => unwrap(api.GET('/v1/schemas', { params: { query: { app_id: app } } })), app);
  const [selected, setSelected] = useState<string | undefined>();
  const [event, setEvent] = useState('');
  const [schema, setSchema] = useState(EXAMPLE);
  const [error, setError] = useState<Error | undefined>();
  const setMode = async (schema_mode: (typeof MODES)[number]) => {
    try {
      await unwrap(api.PUT('/v1/apps/{app_id}/settings', { params: { path: { app_id: app } }, body: { schema_mode } }));
      setError(undefined);
      list.reload();
    } catch (err) {
      setError(err as Error);
    }
  };
  const register = async () => {
    try {
      const parsed = JSON.parse(schema) as Record<string, unknown>;
      await unwrap(api.PUT('/v1/schemas/{event_name}', { params: { path: { event_name: event }, query: { app_id: app } }, body: { schema: parsed } }));
      setError(undefined);
      setEvent('');
      list.reload();
    } catch (err) {
      setError(err as Error);
    }
  };
  const shown = list.data?.schemas.find((s) => `${s.event_name}@${s.version}` === selected);
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Tracking plans</h1>
          <p className="muted">Event schemas of {app} and what happens to an event that does not match: nothing (off), a warning kept with the event (warn), or quarantine (enforce).</p>
        </div>
      </div>
      {error && <ErrorBox error={error} />}
      <Status loading={list.loading} error={list.error} empty={!list.data}>
        {list.data && (
          <>
            <Card title="Validation mode">
              <div className="row">
                <Select label="Mode" value={list.data.schema_mode} options={MODES} onChange={setMode} />
              </div>
            </Card>
            <div className="split">
              <Card title="Schemas">
                {list.data.schemas.length === 0 ? (
                  <p className="muted">No schema registered: every event is accepted as sent.</p>
                ) : (
                  <DataTable
                    csvName="schemas"
                    onRowClick={(r) => setSelected(`${r.event_name}@${r.version}`)}
                    columns={[
                      { key: 'event_name', label: 'Event' },
                      { key: 'version', label: 'Version', numeric: true },
                      { key: 'category', label: 'Category' },
                      { key: 'owner', label: 'Owner' },
                      { key: 'created_at', label: 'Registered' },
                    ]}
                    rows={list.data.schemas}
                  />
                )}
                {shown && <pre className="json">{JSON.stringify(shown.schema, null, 2)}</pre>}
              </Card>
              <Card title="Register a schema">
                <form
                  className="stack"
                  onSubmit={(e) => {
                    e.preventDefault();
                    register();
                  }}
                >
                  <TextInput label="Event name" value={event} onChange={setEvent} placeholder="purchase" />
                  <label htmlFor="schema-json" className="field-label">
                    JSON Schema of the properties
                  </label>
                  <textarea id="schema-json" className="mono" rows={8} value={schema} onChange={(e) => setSchema(e.target.value)} />
                  <button type="submit" className="btn primary" disabled={!event.trim()}>
                    Register
                  </button>
                </form>
              </Card>
            </div>
          </>
        )}
      </Status>
    </div>
  );
}
