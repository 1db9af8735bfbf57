// Public surface of privacy: the install secret, the configured scrubber, retention rules, GDPR
// erasure / anonymisation / export of one user, and the audit log of who read, exported, erased or
// changed what.
export { applyRetention, eventsTtl } from './retention.ts';
export { resolveInstallSecret } from './install-secret.ts';
export { scrubberFor } from './scrubbing.ts';
export { createAuditLog } from './audit-log.ts';
export type { AuditLog, AuditEntry, AuditFilter, AuditRecord } from './audit-log.ts';
export { createErasureService } from './erasures.ts';
export type { ErasureService, ErasureReceipt, ErasureKind, ErasureStatus, TableOutcome } from './erasures.ts';
export { discoverUserTables, exportUserRows } from './user-data.ts';
export type { UserTable } from './user-data.ts';
export { personIds, exportPersonRows } from './person-ids.ts';
