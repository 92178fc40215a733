import { BullModule } from '@nestjs/bull';
import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminModule } from './admin/admin.module.js';
import { AuditModule } from './audit/audit.module.js';
import { InboundAuditMiddleware } from './audit/inbound-audit.middleware.js';
import { JsonBodyMiddleware, RawBodyMiddleware } from './common/http/body-parsers.middleware.js';
import { LoggingModule } from './common/logging/logging.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DigitalGoodsModule } from './digital-goods/digital-goods.module.js';
import { databaseOptions } from './database/database-options.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { PaymentsModule } from './payments/payments.module.js';
import { PointsModule } from './points/points.module.js';
import { ReconciliationModule } from './reconciliation/reconciliation.module.js';
import { ShippingModule } from './shipping/shipping.module.js';
import { StorefrontModule } from './storefront/storefront.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

const WEBHOOK_ROUTES = { path: 'api/v2/webhook/*path', method: RequestMethod.ALL };

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        TypeOrmModule.forRoot({ ...databaseOptions(config), autoLoadEntities: true, retryAttempts: 3 }),
        BullModule.forRoot({ redis: config.redis.url, prefix: config.redis.queuePrefix }),
        ScheduleModule.forRoot(),
        WebhooksModule.forRoot({ runsWorkers: config.runsWorkers }),
        NotificationsModule.forRoot({ runsWorkers: config.runsWorkers }),
        ReconciliationModule.forRoot({ runsWorkers: config.runsWorkers }),
        AuditModule.forRoot({ runsWorkers: config.runsWorkers }),
        HealthModule,
        MetricsModule,
        AdminModule,
        OrdersModule,
        PaymentsModule,
        ShippingModule,
        PointsModule,
        DigitalGoodsModule,
        StorefrontModule,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // The audit middleware goes first, so it also sees the requests the body parser rejects (413).
    consumer.apply(InboundAuditMiddleware, RawBodyMiddleware).forRoutes(WEBHOOK_ROUTES);
    consumer.apply(JsonBodyMiddleware).exclude(WEBHOOK_ROUTES).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
