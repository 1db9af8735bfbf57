// The dashboard's API client is typed from the OpenAPI document (web/src/api/schema.d.ts,
// committed). A route whose schema changed without regenerating the types would leave the
// dashboard compiled against a server that no longer exists: this test regenerates them from
// the server as it is and compares.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { apiTypes, openApiDocument, SCHEMA_FILE } from '../../web/scripts/api-types.ts';

test('the committed API types of the dashboard are generated from the current OpenAPI document', async () => {
  const fresh = await apiTypes(await openApiDocument());
  const committed = readFileSync(SCHEMA_FILE, 'utf8');
  assert.ok(fresh.includes('"/v1/dashboards/{dashboard_id}"'), 'the document has the dashboard routes');
  assert.ok(committed === fresh, 'web/src/api/schema.d.ts is stale: run `npm run web:api-types` and commit it');
});
