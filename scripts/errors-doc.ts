// Regenerates docs/errors.md from the error registry (src/errors.ts): `npm run docs:errors`.
import { writeFileSync } from 'node:fs';
import { errorRegistry } from '../src/errors.ts';

const lines = [
  '# Error codes',
  '',
  'Every error Tally answers is `{ "error": { "code", "message" } }` with one of these codes; rejected events in ingest receipts use the same codes. Codes are stable: they are never renamed or reused. "Retry" means the same request may succeed later unchanged (honour `Retry-After`).',
  '',
  '| code | HTTP | retry | message |',
  '|---|---|---|---|',
];
for (const [code, spec] of Object.entries(errorRegistry)) {
  lines.push(`| \`${code}\` | ${spec.status} | ${spec.canRetry ? 'yes' : 'no'} | ${spec.message.replace(/%s/g, '…').replace(/\|/g, '\\|')} |`);
}
writeFileSync(new URL('../docs/errors.md', import.meta.url), lines.join('\n') + '\n');
