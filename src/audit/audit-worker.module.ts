import { Module } from '@nestjs/common';
import { AuditRetentionService } from './audit-retention.service.js';

/** Where APP_ROLE runs workers: the purge of audit rows older than AUDIT_RETENTION_DAYS. */
@Module({ providers: [AuditRetentionService] })
export class AuditWorkerModule {}
