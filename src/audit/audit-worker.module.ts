import { Module } from '@nestjs/common';
import { AuditModule } from './audit.module.js';
import { AuditRetentionService } from './audit-retention.service.js';

/** Where APP_ROLE runs workers: the purge of audit rows older than AUDIT_RETENTION_DAYS. */
@Module({ imports: [AuditModule], providers: [AuditRetentionService] })
export class AuditWorkerModule {}
