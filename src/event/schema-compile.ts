// Compiling an event's properties schema (JSON Schema draft 2020-12) with ajv, and turning ajv's
// errors into one short message that names the failing paths. A schema is checked here before it
// is stored: its size, its root (an object schema), unknown keywords (strict mode), unresolved
// $refs and regular expressions that could backtrack catastrophically are all refused, so a bad
// schema is a 400 at registration and never a failure at ingest.

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { TallyError } from '../errors.ts';

export interface SchemaLimits {
  /** largest schema, as JSON text (default 64 KiB) */
  readonly maxSchemaBytes: number;
  /** event names with a schema, per app (default 1000) */
  readonly maxSchemasPerApp: number;
  /** stored versions per event (default 1000) */
  readonly maxVersionsPerEvent: number;
}

export const DEFAULT_SCHEMA_LIMITS: SchemaLimits = Object.freeze({
  maxSchemaBytes: 64 * 1024,
  maxSchemasPerApp: 1000,
  maxVersionsPerEvent: 1000,
});

/** the longest `pattern` / `patternProperties` key accepted (characters) */
const MAX_PATTERN_LENGTH = 512;
/** ajv errors listed in one rejection message; the rest are counted */
const MAX_LISTED_ERRORS = 5;

export type PropertiesValidator = ValidateFunction;

/**
 * A quantified group that itself contains a quantifier — `(a+)+`, `(\w*\s?)*`, `(x{2,})+` — is the
 * shape of catastrophic backtracking. Schemas are written by API keys, so such patterns are refused
 * rather than run against every event.
 */
export function unsafePatternReason(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern longer than ${MAX_PATTERN_LENGTH} characters`;
  const stack: boolean[] = [];
  let quantifiedInside = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // skip a character class; quantifiers inside it are literals
      i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '(') {
      stack.push(quantifiedInside);
      quantifiedInside = false;
    } else if (c === ')') {
      const inner = quantifiedInside;
      quantifiedInside = stack.pop() ?? false;
      const next = pattern[i + 1];
      const groupQuantified = next === '*' || next === '+' || next === '{' || next === '?';
      if (inner && groupQuantified && next !== '?') return `nested quantifiers near "${pattern.slice(Math.max(0, i - 20), i + 2)}" can backtrack catastrophically`;
      if (inner || groupQuantified) quantifiedInside = true;
    } else if (c === '*' || c === '+' || c === '{') {
      quantifiedInside = true;
    }
  }
  return undefined;
}

function guardedRegExp(pattern: string, flags: string): RegExp {
  const reason = unsafePatternReason(pattern);
  if (reason) throw new TallyError('TALLY_ERR_SCHEMA_INVALID', [reason]);
  return new RegExp(pattern, flags);
}
guardedRegExp.code = 'new RegExp';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A compiler with its own ajv instance; schemas are never registered by $id, so ids may repeat. */
export function createSchemaCompiler(limits: SchemaLimits = DEFAULT_SCHEMA_LIMITS) {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    addUsedSchema: false,
    validateFormats: true,
    logger: false,
    code: { regExp: guardedRegExp },
  });
  addFormats.default(ajv);

  return {
    /** Checks and compiles a properties schema; throws TallyError (400/413) for a bad one. */
    compile(schema: unknown): PropertiesValidator {
      if (!isPlainObject(schema)) throw new TallyError('TALLY_ERR_SCHEMA_INVALID', ['schema must be a JSON Schema object']);
      const bytes = Buffer.byteLength(JSON.stringify(schema));
      if (bytes > limits.maxSchemaBytes) throw new TallyError('TALLY_ERR_SCHEMA_TOO_LARGE', [limits.maxSchemaBytes]);
      if (schema.type !== 'object') throw new TallyError('TALLY_ERR_SCHEMA_INVALID', ['the root must be { "type": "object", ... } (it describes the event\'s properties)']);
      if (schema.$async === true) throw new TallyError('TALLY_ERR_SCHEMA_INVALID', ['$async schemas are not supported']);
      try {
        return ajv.compile(schema);
      } catch (err) {
        if (err instanceof TallyError) throw err;
        throw new TallyError('TALLY_ERR_SCHEMA_INVALID', [err instanceof Error ? err.message.slice(0, 300) : 'does not compile']);
      }
    },
  };
}

export type SchemaCompiler = ReturnType<typeof createSchemaCompiler>;

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  let path = error.instancePath || '/';
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') path = `${error.instancePath}/${params.missingProperty}`;
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') path = `${error.instancePath}/${params.additionalProperty}`;
  return `${path} ${error.keyword} (${error.message ?? 'invalid'})`;
}

/** "/budget type (must be number); /title required (must have required property 'title')" */
export function formatSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return 'invalid';
  const listed = errors.slice(0, MAX_LISTED_ERRORS).map(describe).join('; ');
  return errors.length > MAX_LISTED_ERRORS ? `${listed}; and ${errors.length - MAX_LISTED_ERRORS} more` : listed;
}
