// The schema registry: per app and event name, versioned JSON Schemas for the event's properties,
// plus each app's validation mode. Versions are immutable rows in `event_schemas`; the current
// version of every event and every app's mode are cached in memory, and validators are compiled
// once per (app, event, version), so the ingest check never queries the engine. Registration is
// serialised in this process (one embedded process owns its store); it never stores a schema that
// does not compile.

import { createVersionClock, isoFromEngineTime, type StoreConnection } from '../store/index.ts';
import { TallyError, formatMessage, type ErrorCode } from '../errors.ts';
import { CATEGORIES, type Category } from './category.ts';
import { createSchemaCompiler, formatSchemaErrors, DEFAULT_SCHEMA_LIMITS, type PropertiesValidator, type SchemaLimits } from './schema-compile.ts';
import { toEngineTime } from './time.ts';
import { cutText } from './text.ts';

export const SCHEMA_MODES = ['off', 'warn', 'enforce'] as const;
export type SchemaMode = (typeof SCHEMA_MODES)[number];
/** apps that never chose a mode: mismatches are accepted and counted, never lost */
export const DEFAULT_SCHEMA_MODE: SchemaMode = 'warn';

export interface SchemaVersion {
  readonly appId: string;
  readonly eventName: string;
  readonly version: number;
  readonly schema: Record<string, unknown>;
  /** overrides the name-based category (retention); '' = none */
  readonly category: Category | '';
  readonly description: string;
  readonly owner: string;
  /** ISO time */
  readonly createdAt: string;
  /** 'admin' or the key id that registered it */
  readonly createdBy: string;
}

export interface SchemaInput {
  readonly schema: unknown;
  readonly category?: string;
  readonly description?: string;
  readonly owner?: string;
}

export interface SchemaMetrics {
  /** a properties object failed its schema (counted in warn and enforce mode) */
  onMismatch(appId: string, mode: SchemaMode): void;
}

export type SchemaCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

export interface SchemaRegistryOptions {
  readonly store: StoreConnection;
  readonly limits?: SchemaLimits;
  readonly metrics?: SchemaMetrics;
  /** told once per version whose stored schema no longer compiles (then it is not enforced) */
  readonly onBrokenSchema?: (version: SchemaVersion, err: unknown) => void;
  readonly now?: () => number;
}

interface Current {
  readonly latest: SchemaVersion;
  /** stored versions of this event */
  readonly versions: number;
  /** the latest version's compiled validator: undefined until first used, null if it does not compile */
  validator?: PropertiesValidator | null;
}

interface Row {
  app_id: string;
  event_name: string;
  version: number;
  schema: string;
  category: string;
  description: string;
  owner: string;
  created_at: string;
  created_by: string;
}

const OK: SchemaCheck = Object.freeze({ ok: true });
const COLUMNS = 'app_id, event_name, version, schema, category, description, owner, created_at, created_by';

function fromRow(r: Row): SchemaVersion {
  return {
    appId: r.app_id,
    eventName: r.event_name,
    version: r.version,
    schema: JSON.parse(r.schema) as Record<string, unknown>,
    category: (CATEGORIES as readonly string[]).includes(r.category) ? (r.category as Category) : '',
    description: r.description,
    owner: r.owner,
    createdAt: isoFromEngineTime(r.created_at),
    createdBy: r.created_by,
  };
}

function sameContent(a: SchemaVersion, schemaJson: string, category: string, description: string, owner: string): boolean {
  return JSON.stringify(a.schema) === schemaJson && a.category === category && a.description === description && a.owner === owner;
}

export function isSchemaMode(value: unknown): value is SchemaMode {
  return typeof value === 'string' && (SCHEMA_MODES as readonly string[]).includes(value);
}

export function createSchemaRegistry(options: SchemaRegistryOptions) {
  const { store, metrics } = options;
  const limits = options.limits ?? DEFAULT_SCHEMA_LIMITS;
  const now = options.now ?? Date.now;
  const compiler = createSchemaCompiler(limits);
  // app → event name → current version (nested maps: the ingest check builds no key strings)
  const byApp = new Map<string, Map<string, Current>>();
  const modes = new Map<string, SchemaMode>();
  let writing: Promise<unknown> = Promise.resolve();
  // the newest setting wins the merge
  const nextSettingsVersion = createVersionClock(now);

  function lookup(appId: string, eventName: string): Current | undefined {
    return byApp.get(appId)?.get(eventName);
  }

  /** A new current version replaces the old one, and with it the old version's validator. */
  function remember(latest: SchemaVersion, versions: number, validator?: PropertiesValidator): void {
    let events = byApp.get(latest.appId);
    if (!events) byApp.set(latest.appId, (events = new Map()));
    events.set(latest.eventName, { latest, versions, validator });
  }

  function validatorFor(current: Current): PropertiesValidator | null {
    if (current.validator === undefined) {
      try {
        current.validator = compiler.compile(current.latest.schema);
      } catch (err) {
        current.validator = null;
        options.onBrokenSchema?.(current.latest, err);
      }
    }
    return current.validator;
  }

  function serialised<T>(fn: () => Promise<T>): Promise<T> {
    const run = writing.then(fn, fn);
    writing = run.catch(() => {});
    return run;
  }

  return {
    /** Reads every event's current version and every app's mode into memory. */
    async load(): Promise<void> {
      // aliases differ from column names: an alias would shadow `version` inside argMax
      const rows = await store.query<{ app_id: string; event_name: string; latest: number; versions: number; s: [string, string, string, string, string, string] }>(
        `SELECT app_id, event_name, max(version) AS latest, count() AS versions,
                argMax((schema, category, description, owner, toString(created_at), created_by), version) AS s
         FROM event_schemas FINAL GROUP BY app_id, event_name`,
      );
      byApp.clear();
      for (const r of rows) {
        const [schema, category, description, owner, createdAt, createdBy] = r.s;
        const row: Row = { app_id: r.app_id, event_name: r.event_name, version: r.latest, schema, category, description, owner, created_at: createdAt, created_by: createdBy };
        remember(fromRow(row), r.versions);
      }
      const settings = await store.query<{ app_id: string; schema_mode: string }>('SELECT app_id, schema_mode FROM schema_settings FINAL');
      modes.clear();
      for (const s of settings) if (isSchemaMode(s.schema_mode)) modes.set(s.app_id, s.schema_mode);
    },

    /**
     * Registers a new version unless the input equals the current one (then nothing is written).
     * Throws TallyError for an invalid schema or category and when a limit is reached.
     */
    async put(appId: string, eventName: string, input: SchemaInput, createdBy: string): Promise<{ version: SchemaVersion; created: boolean }> {
      const category = input.category ?? '';
      if (category !== '' && !(CATEGORIES as readonly string[]).includes(category)) {
        throw new TallyError('TALLY_ERR_SCHEMA_INVALID', [`category must be one of ${CATEGORIES.join(', ')}`]);
      }
      const validate = compiler.compile(input.schema);
      const schema = input.schema as Record<string, unknown>;
      const schemaJson = JSON.stringify(schema);
      const description = input.description ?? '';
      const owner = input.owner ?? '';
      return serialised(async () => {
        const current = lookup(appId, eventName);
        if (current && sameContent(current.latest, schemaJson, category, description, owner)) return { version: current.latest, created: false };
        if (!current && (byApp.get(appId)?.size ?? 0) >= limits.maxSchemasPerApp) {
          throw new TallyError('TALLY_ERR_SCHEMA_LIMIT', [`app ${appId} has ${limits.maxSchemasPerApp} event schemas`]);
        }
        if (current && current.versions >= limits.maxVersionsPerEvent) {
          throw new TallyError('TALLY_ERR_SCHEMA_LIMIT', [`event ${cutText(eventName, 100)} has ${limits.maxVersionsPerEvent} versions`]);
        }
        const createdAtMs = now();
        const version: SchemaVersion = {
          appId,
          eventName,
          version: (current?.latest.version ?? 0) + 1,
          schema: JSON.parse(schemaJson) as Record<string, unknown>,
          category: category as Category | '',
          description,
          owner,
          createdAt: new Date(createdAtMs).toISOString(),
          createdBy,
        };
        const row = {
          app_id: appId,
          event_name: eventName,
          version: version.version,
          schema: schemaJson,
          category,
          description,
          owner,
          created_at: toEngineTime(createdAtMs),
          created_by: createdBy,
        };
        await store.insertJsonEachRow('event_schemas', Buffer.from(JSON.stringify(row) + '\n'));
        remember(version, (current?.versions ?? 0) + 1, validate);
        return { version, created: true };
      });
    },

    current(appId: string, eventName: string): SchemaVersion | undefined {
      return lookup(appId, eventName)?.latest;
    },

    /** every version of one event, newest first (read from the store) */
    async history(appId: string, eventName: string): Promise<SchemaVersion[]> {
      const rows = await store.query<Row>(
        `SELECT ${COLUMNS} FROM event_schemas FINAL WHERE app_id = {app:String} AND event_name = {event:String} ORDER BY version DESC`,
        { app: appId, event: eventName },
      );
      return rows.map(fromRow);
    },

    /** the current version of each of an app's events, by event name */
    list(appId: string): SchemaVersion[] {
      const out: SchemaVersion[] = [];
      for (const c of byApp.get(appId)?.values() ?? []) out.push(c.latest);
      return out.sort((a, b) => (a.eventName < b.eventName ? -1 : a.eventName > b.eventName ? 1 : 0));
    },

    mode(appId: string): SchemaMode {
      return modes.get(appId) ?? DEFAULT_SCHEMA_MODE;
    },

    setMode(appId: string, mode: SchemaMode): Promise<void> {
      return serialised(async () => {
        const at = now();
        const row = { app_id: appId, schema_mode: mode, updated_at: toEngineTime(at), version: nextSettingsVersion() };
        await store.insertJsonEachRow('schema_settings', Buffer.from(JSON.stringify(row) + '\n'));
        modes.set(appId, mode);
      });
    },

    /** the registered category of an event, which overrides the name-based one */
    categoryOf(appId: string, eventName: string): Category | undefined {
      return byApp.get(appId)?.get(eventName)?.latest.category || undefined;
    },

    /**
     * The ingest step: checks an accepted envelope's properties against the current schema.
     * `off` or no schema: ok. `warn`: ok, and a mismatch is counted. `enforce`: a mismatch is a
     * rejection whose message lists the failing paths and keywords.
     */
    check(appId: string, eventName: string, properties: unknown): SchemaCheck {
      const mode = modes.get(appId) ?? DEFAULT_SCHEMA_MODE;
      if (mode === 'off') return OK;
      const current = lookup(appId, eventName);
      if (!current) return OK;
      const validate = validatorFor(current);
      if (!validate || validate(properties ?? {})) return OK;
      metrics?.onMismatch(appId, mode);
      if (mode === 'warn') return OK;
      const code: ErrorCode = 'TALLY_ERR_INGEST_SCHEMA_MISMATCH';
      return { ok: false, code, message: formatMessage(code, [cutText(eventName, 100), current.latest.version, formatSchemaErrors(validate.errors)]) };
    },
  };
}

export type SchemaRegistry = ReturnType<typeof createSchemaRegistry>;
