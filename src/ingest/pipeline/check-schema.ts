// Step 4, check schema: the properties as sent (before scrubbing) against the app's tracking plan
// for this event (the schema registry). `warn` mode counts a mismatch and passes; `enforce`
// rejects it. Without a registry every event passes.

import type { SchemaCheck } from '../../event/index.ts';
import { ok, type Envelope, type StepResult } from './types.ts';

export type SchemaChecker = (appId: string, eventName: string, properties: unknown) => SchemaCheck;

export interface CheckSchemaOptions {
  readonly checkSchema?: SchemaChecker;
}

export function createCheckSchema(options: CheckSchemaOptions = {}) {
  const check = options.checkSchema;
  return function checkSchema<E extends Envelope>(event: E): StepResult<E> {
    if (!check) return ok(event);
    const result = check(event.appId, event.eventName, event.properties);
    return result.ok ? ok(event) : { ok: false, code: result.code, message: result.message };
  };
}
