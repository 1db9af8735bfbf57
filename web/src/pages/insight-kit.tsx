// What every insight builder shares: the time range fields, the property filter editor, the
// "pin to a dashboard" control, and the run-on-apply pattern (the form edits a draft; Apply puts
// it in the URL, which is what is asked).
import { type ReactNode, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { unwrap } from '../api/client.ts';
import { useTally } from '../context.ts';
import { RANGES, Select, TextInput } from '../ui/kit.tsx';

export interface Filter {
  property: string;
  op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'in' | 'is_set' | 'not_set';
  value: string;
}

export const OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'is_set', 'not_set'] as const;

/** filters as the API takes them: numbers for comparisons, lists for `in`, no value for set tests */
export function apiFilters(filters: readonly Filter[]) {
  return filters
    .filter((f) => f.property.trim())
    .map((f) => {
      const property = f.property.trim();
      if (f.op === 'is_set' || f.op === 'not_set') return { property, op: f.op };
      if (f.op === 'in') return { property, op: f.op, value: f.value.split(',').map((v) => v.trim()) };
      if (['gt', 'gte', 'lt', 'lte'].includes(f.op) && f.value.trim() !== '' && Number.isFinite(Number(f.value))) return { property, op: f.op, value: Number(f.value) };
      return { property, op: f.op, value: f.value };
    });
}

export function FiltersEditor(props: { filters: Filter[]; onChange: (f: Filter[]) => void; label?: string }) {
  const { filters, onChange } = props;
  const set = (i: number, patch: Partial<Filter>) => onChange(filters.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <fieldset className="form-block">
      <legend className="muted">{props.label ?? 'Filters'}</legend>
      {filters.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: filters are edited in place
        <div className="row" key={i}>
          <TextInput label="Property" value={f.property} onChange={(v) => set(i, { property: v })} placeholder="page" />
          <Select label="Operator" value={f.op} options={OPS} onChange={(v) => set(i, { op: v })} />
          {f.op !== 'is_set' && f.op !== 'not_set' && <TextInput label="Value" value={f.value} onChange={(v) => set(i, { value: v })} hint={f.op === 'in' ? 'comma-separated' : undefined} />}
          <button type="button" className="btn small" onClick={() => onChange(filters.filter((_, j) => j !== i))} aria-label={`Remove filter ${i + 1}`}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="btn small" onClick={() => onChange([...filters, { property: '', op: 'eq', value: '' }])}>
        + Filter
      </button>
    </fieldset>
  );
}

export function RangeFields(props: { from: string; to: string; onChange: (from: string, to: string) => void }) {
  const preset = RANGES.some(([v]) => v === props.from) && props.to === '' ? props.from : 'custom';
  return (
    <>
      <Select label="Range" value={preset} options={[...RANGES, ['custom', 'Custom']]} onChange={(v) => v !== 'custom' && props.onChange(v, '')} />
      {preset === 'custom' && (
        <>
          <TextInput label="From" value={props.from} onChange={(v) => props.onChange(v, props.to)} placeholder="2026-10-01 or -30d" />
          <TextInput label="To" value={props.to} onChange={(v) => props.onChange(props.from, v)} placeholder="now" />
        </>
      )}
    </>
  );
}

/** a builder: the draft form, Apply, and the pin control */
export function Builder(props: { title: string; intro: ReactNode; kind: string; form: ReactNode; onApply: () => void; children: ReactNode }) {
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{props.title}</h1>
          <p className="muted">{props.intro}</p>
        </div>
        <div className="spacer" />
        <CopyLink />
        <PinButton kind={props.kind} defaultTitle={props.title} />
      </div>
      <form
        className="card"
        aria-label={`${props.title} question`}
        onSubmit={(e) => {
          e.preventDefault();
          props.onApply();
        }}
      >
        <div className="form">{props.form}</div>
        <div className="row" style={{ marginTop: 12 }}>
          <button type="submit" className="btn primary">
            Apply
          </button>
        </div>
      </form>
      {props.children}
    </div>
  );
}

/** Pins the insight as it is in the URL to a dashboard of the app (a new one or an existing one). */
export function PinButton(props: { kind: string; defaultTitle: string }) {
  const { api, session } = useTally();
  const search = useSearch();
  const [open, setOpen] = useState(false);
  const [dashboards, setDashboards] = useState<Array<{ dashboard_id: string; title: string }>>([]);
  const [target, setTarget] = useState('main');
  const [title, setTitle] = useState(props.defaultTitle);
  const [message, setMessage] = useState<string | undefined>();
  const [, navigate] = useLocation();
  const show = async () => {
    setOpen(true);
    setMessage(undefined);
    try {
      const list = await unwrap(api.GET('/v1/dashboards', { params: { query: { app_id: session.appId } } }));
      setDashboards(list.dashboards);
      if (list.dashboards[0]) setTarget(list.dashboards[0].dashboard_id);
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err));
    }
  };
  const pin = async () => {
    try {
      const existing = dashboards.find((d) => d.dashboard_id === target);
      const current = existing ? await unwrap(api.GET('/v1/dashboards/{dashboard_id}', { params: { path: { dashboard_id: target }, query: { app_id: session.appId } } })) : { title: target, tiles: [] };
      const tile = { id: `t${Date.now().toString(36)}`, kind: props.kind as 'trends', title: title.slice(0, 200), state: search, width: 1 as const };
      await unwrap(api.PUT('/v1/dashboards/{dashboard_id}', { params: { path: { dashboard_id: target }, query: { app_id: session.appId } }, body: { title: current.title, tiles: [...current.tiles, tile] } }));
      setOpen(false);
      navigate(`/dashboards/${target}`);
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err));
    }
  };
  if (!open)
    return (
      <button type="button" className="btn" onClick={show}>
        Pin to dashboard
      </button>
    );
  return (
    <div className="card pin" role="dialog" aria-label="Pin to a dashboard">
      <div className="row">
        <TextInput label="Tile title" value={title} onChange={setTitle} />
        <div className="field">
          <label htmlFor="pin-target">Dashboard</label>
          <input id="pin-target" list="pin-dashboards" value={target} onChange={(e) => setTarget(e.target.value.toLowerCase())} />
          <datalist id="pin-dashboards">
            {dashboards.map((d) => (
              <option key={d.dashboard_id} value={d.dashboard_id}>
                {d.title}
              </option>
            ))}
          </datalist>
        </div>
        <button type="button" className="btn primary" onClick={pin}>
          Pin
        </button>
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      {message && (
        <p className="state error" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}

/** the page's URL holds the whole question: copying it shares the insight */
function CopyLink() {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn"
      onClick={async () => {
        await navigator.clipboard?.writeText(location.href).catch(() => undefined);
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
    >
      {copied ? 'Link copied' : 'Copy link'}
    </button>
  );
}
