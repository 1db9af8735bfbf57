// The dashboard's building blocks: cards, states (loading, empty, error), tables with CSV export,
// KPI tiles, form fields. Every state is visible: nothing renders as a blank area.
import { type ReactNode, useId } from 'react';
import { download, num, toCsv } from './format.ts';

export function Card(props: { title?: ReactNode; actions?: ReactNode; children: ReactNode; wide?: boolean; testId?: string }) {
  return (
    <section className={`card${props.wide ? ' wide' : ''}`} data-testid={props.testId}>
      {(props.title || props.actions) && (
        <header className="card-head">
          {props.title && <h2>{props.title}</h2>}
          {props.actions && <div className="card-actions">{props.actions}</div>}
        </header>
      )}
      {props.children}
    </section>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <div className="state loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {what}…
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state empty">{children}</div>;
}

export function ErrorBox({ error, title = 'The server answered with an error' }: { error: Error; title?: string }) {
  const code = (error as { code?: string }).code;
  return (
    <div className="state error" role="alert" data-testid="error">
      <strong>{title}</strong>
      {code && <code className="error-code">{code}</code>}
      <p className="error-message">{error.message}</p>
    </div>
  );
}

/** loading / error / empty, or the children */
export function Status(props: { loading: boolean; error?: Error; empty?: boolean; emptyText?: ReactNode; children?: ReactNode }) {
  if (props.error) return <ErrorBox error={props.error} />;
  if (props.loading && props.empty !== false) return <Loading />;
  if (props.empty) return <Empty>{props.emptyText ?? 'No data for this question yet.'}</Empty>;
  return <>{props.children}</>;
}

export interface Column {
  readonly key: string;
  readonly label: string;
  readonly numeric?: boolean;
  readonly render?: (value: unknown, row: Record<string, unknown>) => ReactNode;
}

export function DataTable(props: { columns: readonly Column[]; rows: readonly Record<string, unknown>[]; csvName?: string; caption?: string; testId?: string; onRowClick?: (row: Record<string, unknown>) => void; isSelected?: (row: Record<string, unknown>) => boolean; maxRows?: number }) {
  const { columns, rows } = props;
  const shown = props.maxRows ? rows.slice(0, props.maxRows) : rows;
  return (
    <div className="table-wrap">
      {props.csvName && (
        <div className="table-tools">
          <button type="button" className="btn small" onClick={() => download(`${props.csvName}.csv`, toCsv(columns.map((c) => c.key), rows.map((r) => columns.map((c) => r[c.key]))))}>
            Export CSV
          </button>
        </div>
      )}
      {/* focusable: a keyboard can scroll a long table */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <section className="table-scroll" tabIndex={0} aria-label={props.caption ?? 'table'}>
        <table data-testid={props.testId}>
          {props.caption && <caption>{props.caption}</caption>}
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own
              <tr key={i} className={[props.onRowClick ? 'clickable' : '', props.isSelected?.(row) ? 'selected' : ''].join(' ').trim() || undefined} aria-selected={props.isSelected ? props.isSelected(row) : undefined} onClick={props.onRowClick ? () => props.onRowClick?.(row) : undefined}>
                {columns.map((c, j) => {
                  const content = c.render ? c.render(row[c.key], row) : typeof row[c.key] === 'number' ? num(row[c.key]) : row[c.key] === null || row[c.key] === undefined ? '—' : typeof row[c.key] === 'object' ? JSON.stringify(row[c.key]) : String(row[c.key]);
                  return (
                    <td key={c.key} className={c.numeric ? 'num' : undefined} data-col={c.key}>
                      {j === 0 && props.onRowClick ? (
                        // the keyboard's way to the row's action (the mouse may click anywhere on the row)
                        <button
                          type="button"
                          className="row-button"
                          onClick={(e) => {
                            e.stopPropagation();
                            props.onRowClick?.(row);
                          }}
                        >
                          {content}
                        </button>
                      ) : (
                        content
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {props.maxRows && rows.length > props.maxRows && <p className="muted">{rows.length - props.maxRows} more rows in the CSV export.</p>}
    </div>
  );
}

export function Kpi(props: { label: string; value: number | null | undefined; previous?: number | null; format?: (v: number) => string; testId?: string }) {
  const f = props.format ?? ((v: number) => num(v));
  const { value, previous } = props;
  let delta: ReactNode = null;
  if (typeof value === 'number' && typeof previous === 'number') {
    const change = previous === 0 ? null : (value - previous) / previous;
    const dir = value > previous ? 'up' : value < previous ? 'down' : 'flat';
    delta = (
      <span className={`delta ${dir}`}>
        {dir === 'up' ? '▲' : dir === 'down' ? '▼' : '■'} {change === null ? (value === 0 ? 'no change' : 'new') : `${(change * 100).toFixed(1)}%`}
        <span className="muted"> vs {f(previous)}</span>
      </span>
    );
  }
  return (
    <div className="kpi" data-testid={props.testId}>
      <div className="kpi-label">{props.label}</div>
      <div className="kpi-value" data-value={value ?? ''}>
        {typeof value === 'number' ? f(value) : '—'}
      </div>
      {'previous' in props && <div className="kpi-delta">{delta ?? <span className="muted">previous period: {typeof previous === 'number' ? f(previous) : '—'}</span>}</div>}
    </div>
  );
}

export function Field(props: { label: string; children: (id: string) => ReactNode; hint?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.children(id)}
      {props.hint && <small className="muted">{props.hint}</small>}
    </div>
  );
}

export function Select<T extends string>(props: { label: string; value: T; options: readonly (T | readonly [T, string])[]; onChange: (v: T) => void }) {
  return (
    <Field label={props.label}>
      {(id) => (
        <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
          {props.options.map((o) => {
            const [v, l] = typeof o === 'string' ? [o, o] : o;
            return (
              <option key={v} value={v}>
                {l}
              </option>
            );
          })}
        </select>
      )}
    </Field>
  );
}

export function TextInput(props: { label: string; value: string; onChange: (v: string) => void; placeholder?: string; hint?: string; type?: string; name?: string }) {
  return (
    <Field label={props.label} hint={props.hint}>
      {(id) => <input id={id} name={props.name} type={props.type ?? 'text'} value={props.value} placeholder={props.placeholder} onChange={(e) => props.onChange(e.target.value)} />}
    </Field>
  );
}

export const RANGES = [
  ['-24h', 'Last 24 hours'],
  ['-7d', 'Last 7 days'],
  ['-30d', 'Last 30 days'],
  ['-90d', 'Last 90 days'],
  ['-365d', 'Last 365 days'],
] as const;
