// Keys (admin token): the app's read and write keys; create, rotate, revoke. A new secret is shown
// once, as the server sends it.
import { useState } from 'react';
import { unwrap } from '../api/client.ts';
import { useTally } from '../context.ts';
import { Card, DataTable, ErrorBox, Select, Status, TextInput } from '../ui/kit.tsx';
import { useAsync } from '../ui/use-async.ts';

export default function KeysPage() {
  const { api, session } = useTally();
  const app = session.appId;
  const keys = useAsync(() => unwrap(api.GET('/v1/apps/{app_id}/keys', { params: { path: { app_id: app } } })), app);
  const [kind, setKind] = useState<'read' | 'write'>('write');
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<string | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const act = async (fn: () => Promise<{ key?: string }>) => {
    try {
      const r = await fn();
      setSecret(r.key);
      setError(undefined);
      keys.reload();
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Keys</h1>
          <p className="muted">Write keys send events into {app}; read keys read the apps they were granted.</p>
        </div>
      </div>
      {error && <ErrorBox error={error} />}
      {secret && (
        <p className="notice" role="status">
          New secret (shown once): <code data-testid="new-key">{secret}</code>
        </p>
      )}
      <Card title="Create a key">
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            act(() => unwrap(api.POST('/v1/apps/{app_id}/keys', { params: { path: { app_id: app } }, body: { kind, ...(name ? { name } : {}) } })));
          }}
        >
          <Select label="Kind" value={kind} options={['write', 'read'] as const} onChange={setKind} />
          <TextInput label="Name" value={name} onChange={setName} placeholder="website" />
          <button type="submit" className="btn primary">
            Create
          </button>
        </form>
      </Card>
      <Card title="Keys">
        <Status loading={keys.loading} error={keys.error} empty={!keys.data?.keys.length} emptyText="No key.">
          <DataTable
            columns={[
              { key: 'key_id', label: 'Key id' },
              { key: 'kind', label: 'Kind' },
              { key: 'name', label: 'Name' },
              { key: 'app_ids', label: 'Apps', render: (v) => (v as string[]).join(', ') },
              { key: 'created_at', label: 'Created' },
              { key: 'revoked', label: 'State', render: (v) => (v ? <span className="badge bad">revoked</span> : <span className="badge good">active</span>) },
              {
                key: 'actions',
                label: 'Actions',
                render: (_, row) =>
                  row.revoked ? null : (
                    <span className="row">
                      <button type="button" className="btn small" onClick={() => act(() => unwrap(api.POST('/v1/apps/{app_id}/keys/{key_id}/rotate', { params: { path: { app_id: app, key_id: String(row.key_id) } } })))}>
                        Rotate
                      </button>
                      <button type="button" className="btn small danger" onClick={() => confirm(`Revoke ${row.key_id}?`) && act(async () => { await unwrap(api.DELETE('/v1/apps/{app_id}/keys/{key_id}', { params: { path: { app_id: app, key_id: String(row.key_id) } } })); return {}; })}>
                        Revoke
                      </button>
                    </span>
                  ),
              },
            ]}
            rows={keys.data?.keys ?? []}
          />
        </Status>
      </Card>
    </div>
  );
}
