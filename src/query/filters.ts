// Filters shared by every analysis: on event properties (JSON), on context columns, on event
// fields and on the user's profile traits (source 'person', person-traits.ts). Column names come
// from an allow-list; property keys, trait keys and values are bound parameters.

import { Type, type Static } from 'typebox';
import { TallyError } from '../errors.ts';
import type { ParamBag } from './params.ts';
import { personMatch, personTraitExpr } from './person-traits.ts';
import { propertyReading, propertyText } from './sql.ts';

export const FILTER_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'is_set', 'not_set'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** columns a filter (or a breakdown) may name with source 'context' or 'event' */
export const CONTEXT_COLUMNS = ['device', 'browser', 'os', 'country', 'region', 'city', 'locale', 'app_version', 'library', 'page_url', 'referrer', 'ip_prefix'] as const;
export const EVENT_COLUMNS = ['event_name', 'category', 'user_id', 'session_id', 'anonymous_id', 'entity_type', 'entity_id', 'source', 'user_role'] as const;

/** where a filter or breakdown's `property` is read: a property key, a context or event column, or a profile trait */
export const PropertySourceSchema = Type.Union([Type.Literal('properties'), Type.Literal('context'), Type.Literal('event'), Type.Literal('person')], {
  description: "default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value",
});

const Scalar = Type.Union([Type.String({ maxLength: 1024 }), Type.Number(), Type.Boolean()]);

export const FilterSchema = Type.Object(
  {
    property: Type.String({ minLength: 1, maxLength: 128, description: 'a property key, or a context/event column when source says so' }),
    source: Type.Optional(PropertySourceSchema),
    op: Type.Union([
      Type.Literal('eq'), Type.Literal('neq'), Type.Literal('gt'), Type.Literal('gte'), Type.Literal('lt'),
      Type.Literal('lte'), Type.Literal('contains'), Type.Literal('in'), Type.Literal('is_set'), Type.Literal('not_set'),
    ]),
    value: Type.Optional(Type.Union([Scalar, Type.Array(Scalar, { maxItems: 1000 })])),
  },
  { additionalProperties: false },
);
export type Filter = Static<typeof FilterSchema>;
export const FiltersSchema = Type.Array(FilterSchema, { maxItems: 50 });

function columnOf(f: Filter): string | undefined {
  const source = f.source ?? 'properties';
  if (source === 'properties' || source === 'person') return undefined;
  const allowed: readonly string[] = source === 'context' ? CONTEXT_COLUMNS : EVENT_COLUMNS;
  if (!allowed.includes(f.property)) throw new TallyError('TALLY_ERR_QUERY_INVALID', [`unknown ${source} field ${f.property.slice(0, 64)} (allowed: ${allowed.join(', ')})`]);
  return f.property;
}

/** SQL text of a property's value, whether sent as a string or a number/boolean */
export function propertyExpr(key: string, params: ParamBag): string {
  return propertyText(params, key);
}

/** the SQL text of what a filter or breakdown refers to */
export function fieldExpr(property: string, source: Filter['source'], params: ParamBag): string {
  if (source === 'person') return personTraitExpr(params, property);
  const column = columnOf({ property, source, op: 'eq' });
  return column ?? propertyExpr(property, params);
}

function scalarText(v: unknown): string {
  return typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
}

function singleValue(f: Filter): unknown {
  if (f.value === undefined || Array.isArray(f.value)) throw new TallyError('TALLY_ERR_QUERY_INVALID', [`filter ${f.op} on ${f.property.slice(0, 64)} needs a single value`]);
  return f.value;
}

/** the condition a value filter (eq, contains, in, gt, gte, lt, lte) puts on `text`, the SQL text of what it refers to */
function comparison(f: Filter, params: ParamBag, text: string): string {
  switch (f.op) {
    case 'eq':
    case 'neq':
      return `${text} = ${params.add(scalarText(singleValue(f)), 'String')}`;
    case 'contains':
      return `positionCaseInsensitiveUTF8(${text}, ${params.add(scalarText(singleValue(f)), 'String')}) > 0`;
    case 'in': {
      const values = Array.isArray(f.value) ? f.value : f.value === undefined ? undefined : [f.value];
      if (!values || values.length === 0) throw new TallyError('TALLY_ERR_QUERY_INVALID', [`filter in on ${f.property.slice(0, 64)} needs a list of values`]);
      return `${text} IN ${params.add(values.map(scalarText), 'Array(String)')}`;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const v = Number(singleValue(f));
      if (!Number.isFinite(v)) throw new TallyError('TALLY_ERR_QUERY_INVALID', [`filter ${f.op} on ${f.property.slice(0, 64)} needs a number`]);
      const sym = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[f.op];
      return `toFloat64OrNull(${text}) ${sym} ${params.add(v, 'Float64')}`;
    }
    default:
      throw new TallyError('TALLY_ERR_QUERY_INVALID', [`unknown filter op ${String(f.op).slice(0, 20)}`]);
  }
}

/** a filter on a profile trait: the users whose current trait matches (unset or no profile: neq and not_set match) */
function compilePerson(f: Filter, params: ParamBag): string {
  switch (f.op) {
    case 'is_set':
      return personMatch(params, f.property, undefined);
    case 'not_set':
      return `NOT ${personMatch(params, f.property, undefined)}`;
    case 'neq':
      return `NOT ${personMatch(params, f.property, comparison(f, params, 'v'))}`;
    default:
      return personMatch(params, f.property, comparison(f, params, 'v'));
  }
}

function compileOne(f: Filter, params: ParamBag): string {
  if (f.source === 'person') return compilePerson(f, params);
  const column = columnOf(f);
  const { text, present } = column ? { text: column, present: `${column} != ''` } : propertyReading(params, f.property);
  switch (f.op) {
    case 'is_set':
      return present;
    case 'not_set':
      return `NOT (${present})`;
    case 'eq':
    case 'in':
      return `(${present} AND ${comparison(f, params, text)})`;
    case 'neq':
      return `NOT (${present} AND ${comparison(f, params, text)})`;
    default:
      return comparison(f, params, text);
  }
}

/** AND of all filters as a SQL condition ('1' when there are none) */
export function compileFilters(filters: readonly Filter[] | undefined, params: ParamBag): string {
  if (!filters || filters.length === 0) return '1';
  return filters.map((f) => compileOne(f, params)).join(' AND ');
}
