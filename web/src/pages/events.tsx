// Events: the raw events of the app, newest first, with filters and paging; a live tail that asks
// for new events every few seconds; one event's full stored record.
import { useRef, useState } from 'react';
import { unwrap } from '../api/client.ts';
import { useTally } from '../context.ts';
import { Card, DataTable, Status, TextInput } from '../ui/kit.tsx';
import { useAsync, useInterval } from '../ui/use-async.ts';
import { useUrlState } from '../url-state.ts';

type Event = Record<string, unknown> & { event_id?: string };

interface EventsState {
  event_name: string;
  user_id: string;
  from: string;
  to: string;
  limit: string;
}

const DEFAULTS: EventsState = { event_name: '', user_id: '', from: '', to: '', limit: '50' };
const TAIL_MS = 2000;

export default function EventsPage() {
  const { api, session } = useTally();
  const [state, setState] = useUrlState(DEFAULTS);
  const [draft, setDraft] = useState(state);
  const [cursor, setCursor] = useState<string | undefined>();
  const [selected, setSelected] = useState<Event | undefined>();
  const [tail, setTail] = useState(false);
  const seen = useRef(new Set<string>());
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const query = { app_id: session.appId, ...(state.event_name ? { event_name: state.event_name } : {}), ...(state.user_id ? { user_id: state.user_id } : {}), ...(state.from ? { from: state.from } : {}), ...(state.to ? { to: state.to } : {}), limit: Number(state.limit) || 50 };
  const r = useAsync(async () => {
    const page = await unwrap(api.GET('/v1/events', { params: { query: { ...query, ...(cursor ? { cursor } : {}) } } }));
    const events = page.events as Event[];
    const ids = events.map((e) => String(e.event_id));
    if (seen.current.size > 0) setFresh(new Set(ids.filter((id) => !seen.current.has(id))));
    for (const id of ids) seen.current.add(id);
    return { ...page, events };
  }, JSON.stringify([query, cursor]));
  useInterval(() => tail && !cursor && r.reload(), TAIL_MS);
  const rows = (r.data?.events ?? []).map((e) => ({ ...e, _fresh: fresh.has(String(e.event_id)) }));
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Events</h1>
          <p className="muted">The stored events of {session.appId}, newest first. Click a row for the full record.</p>
        </div>
        <div className="spacer" />
        <button type="button" className={`btn${tail ? ' primary' : ''}`} aria-pressed={tail} onClick={() => setTail(!tail)} data-testid="live-tail">
          {tail ? (
            <>
              <span className="live-dot" aria-hidden="true" />
              Live tail on
            </>
          ) : (
            'Live tail'
          )}
        </button>
      </div>
      <form
        className="card"
        aria-label="Event filters"
        onSubmit={(e) => {
          e.preventDefault();
          setCursor(undefined);
          setState(draft);
        }}
      >
        <div className="form">
          <TextInput label="Event name" value={draft.event_name} onChange={(event_name) => setDraft({ ...draft, event_name })} placeholder="(any)" />
          <TextInput label="User id" value={draft.user_id} onChange={(user_id) => setDraft({ ...draft, user_id })} placeholder="(any)" />
          <TextInput label="From" value={draft.from} onChange={(from) => setDraft({ ...draft, from })} placeholder="-7d or ISO" />
          <TextInput label="To" value={draft.to} onChange={(to) => setDraft({ ...draft, to })} placeholder="now" />
          <TextInput label="Rows" type="number" value={draft.limit} onChange={(limit) => setDraft({ ...draft, limit })} />
          <button type="submit" className="btn primary">
            Apply
          </button>
        </div>
      </form>
      <div className="split">
        <Card title={r.data ? `${r.data.total.toLocaleString('en-US')} events` : 'Events'} actions={r.data?.next_cursor ? <button type="button" className="btn small" onClick={() => setCursor(r.data?.next_cursor ?? undefined)}>Older →</button> : cursor ? <button type="button" className="btn small" onClick={() => setCursor(undefined)}>Newest</button> : undefined}>
          <Status loading={r.loading} error={r.error} empty={!r.data?.events.length} emptyText="No event matches. Send one to /v1/events, or install the script shown on the overview.">
            <DataTable
              testId="events-table"
              csvName="events"
              onRowClick={(row) => setSelected(row as Event)}
              isSelected={(row) => row.event_id === selected?.event_id}
              columns={[
                { key: 'timestamp', label: 'Time (UTC)', render: (v, row) => <span className={row._fresh ? 'badge good' : undefined}>{String(v).replace('T', ' ').replace('Z', '')}</span> },
                { key: 'event_name', label: 'Event' },
                { key: 'user_id', label: 'User' },
                { key: 'properties', label: 'Properties', render: (v) => <span className="muted">{JSON.stringify(v).slice(0, 60)}</span> },
              ]}
              rows={rows}
            />
          </Status>
        </Card>
        <Card title="Event record" testId="event-record">
          {selected ? <pre className="json">{JSON.stringify(selected, (k, v) => (k === '_fresh' ? undefined : v), 2)}</pre> : <p className="muted">Select an event to see everything stored with it.</p>}
        </Card>
      </div>
    </div>
  );
}
