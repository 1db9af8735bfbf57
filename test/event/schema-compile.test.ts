import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSchemaCompiler, formatSchemaErrors, unsafePatternReason } from '../../src/event/index.ts';
import { TallyError } from '../../src/errors.ts';

const compiler = createSchemaCompiler({ maxSchemaBytes: 2048, maxSchemasPerApp: 10, maxVersionsPerEvent: 10 });

test('a draft 2020-12 properties schema compiles and validates with formats', () => {
  const validate = compiler.compile({
    type: 'object',
    properties: {
      title: { type: 'string', minLength: 1 },
      budget: { type: 'number', minimum: 0 },
      email: { type: 'string', format: 'email' },
      skills: { type: 'array', items: { type: 'string' }, prefixItems: [{ const: 'first' }] },
    },
    required: ['title'],
    additionalProperties: false,
  });
  assert.equal(validate({ title: 'x', budget: 5, email: 'a@b.co', skills: ['first', 'React'] }), true);
  assert.equal(validate({ title: 'x', email: 'not-an-email' }), false);
  assert.equal(validate({ title: 'x', extra: 1 }), false);
});

const invalidSchemas: Array<[string, unknown, string, RegExp]> = [
  ['not an object', [1, 2], 'TALLY_ERR_SCHEMA_INVALID', /JSON Schema object/],
  ['root is not an object schema', { type: 'string' }, 'TALLY_ERR_SCHEMA_INVALID', /root must be/],
  ['root without a type', { properties: {} }, 'TALLY_ERR_SCHEMA_INVALID', /root must be/],
  ['unknown keyword (a typo)', { type: 'object', propertiez: {} }, 'TALLY_ERR_SCHEMA_INVALID', /unknown keyword: "propertiez"/],
  ['unresolvable $ref', { type: 'object', properties: { a: { $ref: 'https://example.com/x.json' } } }, 'TALLY_ERR_SCHEMA_INVALID', /can't resolve reference/],
  ['wrong keyword value', { type: 'object', properties: { a: { type: 'strin' } } }, 'TALLY_ERR_SCHEMA_INVALID', /type/],
  ['catastrophic pattern', { type: 'object', properties: { a: { type: 'string', pattern: '^(a+)+$' } } }, 'TALLY_ERR_SCHEMA_INVALID', /nested quantifiers/],
  ['catastrophic patternProperties key', { type: 'object', patternProperties: { '^(\\w*\\s?)*$': {} } }, 'TALLY_ERR_SCHEMA_INVALID', /nested quantifiers/],
  ['async schema', { type: 'object', $async: true }, 'TALLY_ERR_SCHEMA_INVALID', /\$async/],
  ['too large', { type: 'object', description: 'x'.repeat(3000) }, 'TALLY_ERR_SCHEMA_TOO_LARGE', /2048 bytes/],
];

for (const [name, schema, code, message] of invalidSchemas) {
  test(`an invalid schema is refused at registration: ${name}`, () => {
    assert.throws(
      () => compiler.compile(schema),
      (err: unknown) => err instanceof TallyError && err.code === code && message.test(err.message),
    );
  });
}

test('schemas may repeat an $id (each is compiled on its own)', () => {
  compiler.compile({ $id: 'https://example.com/event.json', type: 'object' });
  compiler.compile({ $id: 'https://example.com/event.json', type: 'object', properties: { a: { type: 'string' } } });
});

test('safe patterns pass the backtracking check, nested quantifiers do not', () => {
  for (const safe of ['^[a-z]+$', '^\\d{4}-\\d{2}$', '^(ab|cd)+$', '^([a-z]+)?-x$', '^[(a+)+]$', '^\\(a+\\)+$']) {
    assert.equal(unsafePatternReason(safe), undefined, safe);
  }
  for (const unsafe of ['(a+)+', '(a*)*', '(\\w+\\s?)*$', '((ab)+)+', '(x{2,})+', `${'a'.repeat(600)}`]) {
    assert.notEqual(unsafePatternReason(unsafe), undefined, unsafe);
  }
});

test('mismatch messages name each failing path with its keyword, and cap the list', () => {
  const validate = compiler.compile({
    type: 'object',
    properties: { budget: { type: 'number' }, kind: { enum: ['fixed', 'hourly'] }, tags: { type: 'array', items: { type: 'string' } } },
    required: ['title'],
    additionalProperties: false,
  });
  assert.equal(validate({ budget: 'lots', kind: 'weekly', tags: ['a', 2, 3], other: true }), false);
  const message = formatSchemaErrors(validate.errors);
  assert.match(message, /\/title required/);
  assert.match(message, /\/budget type \(must be number\)/);
  assert.match(message, /\/kind enum/);
  assert.match(message, /\/tags\/1 type/);
  assert.match(message, /and 1 more$/);
});
