// Shared TypeBox schemas: they validate requests and document them in the OpenAPI output.

import { Type } from 'typebox';

export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String() }) },
  { description: 'Every error: a stable code from docs/errors.md and a message' },
);

export const Receipt = Type.Object(
  {
    accepted: Type.Integer({ description: 'events newly stored' }),
    duplicates: Type.Integer({ description: 'events whose event_id was already stored' }),
    rejected: Type.Array(Type.Object({ index: Type.Integer(), code: Type.String(), message: Type.String() })),
  },
  { description: 'Answered only after the accepted events are committed' },
);

export const WireEvent = Type.Object(
  {
    event_id: Type.Optional(Type.String({ format: 'uuid', description: 'client-made UUID (v7 recommended); derived from the content when absent' })),
    app_id: Type.String({ maxLength: 64 }),
    event_name: Type.String({ maxLength: 200 }),
    user_id: Type.Optional(Type.String({ maxLength: 256 })),
    anonymous_id: Type.Optional(Type.String({ maxLength: 256 })),
    session_id: Type.Optional(Type.String({ maxLength: 256 })),
    timestamp: Type.Union([Type.String({ description: 'ISO 8601' }), Type.Integer({ description: 'epoch milliseconds' })]),
    properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    context: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false, description: 'One event. Validated by Tally itself so each rejection gets its own code.' },
);

export const AppId = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' });
