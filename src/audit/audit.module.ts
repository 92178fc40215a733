import { Global, Module } from '@nestjs/common';
import { OutboundAudit } from './outbound-audit.service.js';

@Global()
@Module({
  providers: [OutboundAudit],
  exports: [OutboundAudit],
})
export class AuditModule {}
