import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditController } from './audit.controller.js';
import { AuditLogWriter } from './audit-log.writer.js';
import { AuditLogsQuery } from './audit-logs.query.js';
import { ExternalApiLog } from './external-api-log.entity.js';
import { ExternalApiLogsRepository } from './external-api-logs.repository.js';
import { OutboundAuditService } from './outbound-audit.service.js';

/**
 * The audit trail (external_api_logs): inbound webhook requests through
 * AuditLogWriter (fed by the webhooks module's InboundAuditMiddleware),
 * outbound calls through OutboundAuditService, and the admin listing. The
 * retention purge is AuditWorkerModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ExternalApiLog])],
  controllers: [AuditController],
  providers: [ExternalApiLogsRepository, AuditLogWriter, OutboundAuditService, AuditLogsQuery],
  exports: [ExternalApiLogsRepository, OutboundAuditService, AuditLogWriter],
})
export class AuditModule {}
