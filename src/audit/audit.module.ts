import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditController } from './audit.controller.js';
import { AuditLogWriter } from './audit-log.writer.js';
import { AuditLogsQuery } from './audit-logs.query.js';
import { AuditRetention } from './audit-retention.service.js';
import { ExternalApiLog } from './external-api-log.entity.js';
import { OutboundAudit } from './outbound-audit.service.js';

/**
 * The audit trail (external_api_logs): inbound webhook requests through
 * InboundAuditMiddleware (applied to the webhook routes in AppModule, before
 * the body parser), outbound calls through OutboundAudit, the admin listing,
 * and (where APP_ROLE runs workers) the retention purge.
 */
@Global()
@Module({})
export class AuditModule {
  static forRoot(options: { runsWorkers: boolean }): DynamicModule {
    return {
      module: AuditModule,
      imports: [TypeOrmModule.forFeature([ExternalApiLog])],
      controllers: [AuditController],
      providers: [AuditLogWriter, OutboundAudit, AuditLogsQuery, ...(options.runsWorkers ? [AuditRetention] : [])],
      exports: [OutboundAudit, AuditLogWriter],
    };
  }
}
