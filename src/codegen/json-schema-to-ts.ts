// JSON Schema (draft 2020-12, the subset event schemas use) → a TypeScript type expression.
// Objects with required/optional properties, additionalProperties (false: closed; a schema: an
// index signature; absent/true: open), enums and consts as literal unions, arrays and tuples,
// anyOf/oneOf unions, allOf intersections, type lists, local $refs (recursive ones fall back to
// JsonValue), nested objects. Formats, integer and bounds become doc comments: TypeScript has no
// type for them, and the server checks them at ingest. Anything it cannot express is JsonValue,
// never `any`, so generated code stays as strict as the caller's own.

type Schema = Record<string, unknown>;

interface Context {
  readonly root: Schema;
  /** $refs being expanded, to stop on recursion */
  readonly refs: readonly string[];
  readonly indent: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** deepest nesting expanded; deeper parts become JsonValue */
const MAX_DEPTH = 12;

function isSchema(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** A doc comment body safe to put between `/**` and `*\/`. */
export function docText(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/\r?\n/g, ' ').trim();
}

function literal(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function union(parts: readonly string[]): string {
  const unique = [...new Set(parts)];
  if (unique.length === 0) return 'never';
  if (unique.includes('JsonValue')) return 'JsonValue';
  return unique.length === 1 ? unique[0] : unique.map((p) => (p.includes('&') ? `(${p})` : p)).join(' | ');
}

function resolvePointer(root: Schema, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isSchema(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Comment lines for a property: description, format, integer, bounds, pattern. */
export function describeSchema(schema: unknown): string[] {
  if (!isSchema(schema)) return [];
  const lines: string[] = [];
  if (typeof schema.description === 'string' && schema.description.trim() !== '') lines.push(docText(schema.description));
  const facts: string[] = [];
  if (typeof schema.format === 'string') facts.push(`format: ${schema.format}`);
  if (schema.type === 'integer') facts.push('integer');
  for (const k of ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems']) {
    if (typeof schema[k] === 'number') facts.push(`${k}: ${schema[k]}`);
  }
  if (typeof schema.pattern === 'string') facts.push(`pattern: ${schema.pattern}`);
  if (facts.length > 0) lines.push(docText(facts.join(', ')));
  return lines;
}

function objectType(schema: Schema, ctx: Context): string {
  const inner = ctx.indent + '  ';
  const lines: string[] = [];
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  const child = { ...ctx, indent: inner };
  for (const [name, propSchema] of Object.entries(properties)) {
    const docs = describeSchema(propSchema);
    if (docs.length > 0) lines.push(`${inner}/** ${docs.join('. ')} */`);
    lines.push(`${inner}${propertyKey(name)}${required.has(name) ? '' : '?'}: ${typeOf(propSchema, child)};`);
  }
  // required names without a declared schema still must be present
  for (const name of required) if (!(name in properties)) lines.push(`${inner}${propertyKey(name)}: JsonValue;`);

  const extra = schema.additionalProperties;
  const patterns = isSchema(schema.patternProperties) ? Object.values(schema.patternProperties) : [];
  if (extra !== false || patterns.length > 0) {
    const declared = lines.length > 0;
    let indexType = 'unknown';
    if (!declared) {
      const extraTypes = [...patterns, ...(isSchema(extra) ? [extra] : extra === undefined || extra === true ? [true] : [])].map((s) => typeOf(s, child));
      indexType = union(extraTypes);
    }
    lines.push(`${inner}[key: string]: ${indexType};`);
  }
  return lines.length === 0 ? 'Record<string, never>' : `{\n${lines.join('\n')}\n${ctx.indent}}`;
}

function arrayType(schema: Schema, ctx: Context): string {
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : undefined;
  if (prefix) {
    const head = prefix.map((s) => typeOf(s, ctx));
    if (schema.items === false) return `[${head.join(', ')}]`;
    const rest = schema.items === undefined || schema.items === true ? 'JsonValue' : typeOf(schema.items, ctx);
    return `[${[...head, `...Array<${rest}>`].join(', ')}]`;
  }
  const items = schema.items === undefined || schema.items === true ? 'JsonValue' : typeOf(schema.items, ctx);
  return `Array<${items}>`;
}

function singleType(type: string, schema: Schema, ctx: Context): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return arrayType(schema, ctx);
    case 'object':
      return objectType(schema, ctx);
    default:
      return 'JsonValue';
  }
}

/** The TypeScript type of values valid against `schema` (as closely as TypeScript can say it). */
export function typeOf(schema: unknown, ctx: Context): string {
  if (schema === false) return 'never';
  if (!isSchema(schema)) return 'JsonValue';
  if (ctx.refs.length > MAX_DEPTH || ctx.indent.length > MAX_DEPTH * 2) return 'JsonValue';

  if (typeof schema.$ref === 'string') {
    if (ctx.refs.includes(schema.$ref)) return 'JsonValue';
    const target = resolvePointer(ctx.root, schema.$ref);
    if (target === undefined) return 'JsonValue';
    const { $ref: _ref, ...siblings } = schema;
    const resolved = typeOf(target, { ...ctx, refs: [...ctx.refs, schema.$ref] });
    const rest = Object.keys(siblings).some((k) => !['description', '$comment', 'title', 'examples', 'default'].includes(k)) ? typeOf(siblings, ctx) : 'JsonValue';
    return rest === 'JsonValue' ? resolved : resolved === 'JsonValue' ? rest : `${resolved} & ${rest}`;
  }
  if ('const' in schema) return literal(schema.const) ?? 'JsonValue';
  if (Array.isArray(schema.enum)) {
    const literals = schema.enum.map(literal);
    return literals.every((l) => l !== undefined) ? union(literals as string[]) : 'JsonValue';
  }

  const alternatives = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  let base: string;
  if (Array.isArray(schema.type)) {
    base = union(schema.type.filter((t): t is string => typeof t === 'string').map((t) => singleType(t, schema, ctx)));
  } else if (typeof schema.type === 'string') {
    base = singleType(schema.type, schema, ctx);
  } else if (isSchema(schema.properties) || schema.additionalProperties !== undefined || Array.isArray(schema.required)) {
    base = objectType(schema, ctx);
  } else if (schema.items !== undefined || Array.isArray(schema.prefixItems)) {
    base = arrayType(schema, ctx);
  } else {
    base = 'JsonValue';
  }

  const parts: string[] = [];
  if (alternatives) parts.push(union(alternatives.map((s) => typeOf(s, ctx))));
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf) parts.push(typeOf(s, ctx));
  const narrowing = [base, ...parts].filter((p) => p !== 'JsonValue');
  if (narrowing.length === 0) return 'JsonValue';
  if (narrowing.length === 1) return narrowing[0];
  // an intersection binds tighter than a union: parenthesise unions inside it
  return narrowing.map((p) => (p.includes(' | ') ? `(${p})` : p)).join(' & ');
}

/** The properties type of an event schema, laid out at the top level of a module. */
export function propertiesType(schema: Record<string, unknown>): string {
  return typeOf(schema, { root: schema, refs: [], indent: '' });
}
