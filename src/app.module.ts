import { BullModule } from '@nestjs/bull';
import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminModule } from './admin/admin.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuditWorkerModule } from './audit/audit-worker.module.js';
import { CashfreeModule } from './cashfree/cashfree.module.js';
import { JsonBodyMiddleware } from './common/http/json-body.middleware.js';
import { LoggingModule } from './common/logging/logging.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { databaseOptions } from './database/database-options.js';
import { GmetriPointsModule } from './gmetri-points/gmetri-points.module.js';
import { HealthModule } from './health/health.module.js';
import { IntegrationEventsModule } from './integration-events/integration-events.module.js';
import { IntegrationEventsWorkerModule } from './integration-events/integration-events-worker.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module.js';
import { OrderPaymentModule } from './order-payment/order-payment.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { PaymentModule } from './payment/payment.module.js';
import { QueueBoardModule } from './queue-board/queue-board.module.js';
import { RazorpayModule } from './razorpay/razorpay.module.js';
import { ReconciliationModule } from './reconciliation/reconciliation.module.js';
import { ReconciliationWorkerModule } from './reconciliation/reconciliation-worker.module.js';
import { ShiprocketModule } from './shiprocket/shiprocket.module.js';
import { ShippingModule } from './shipping/shipping.module.js';
import { ShopifyModule } from './shopify/shopify.module.js';
import { StripeModule } from './stripe/stripe.module.js';
import { SupplierModule } from './supplier/supplier.module.js';
import { WEBHOOK_ROUTES } from './webhooks/webhook-route.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { WebhooksWorkerModule } from './webhooks/webhooks-worker.module.js';
import { SupplierWorkerModule } from './supplier/supplier-worker.module.js';

/** What only replicas that run workers (APP_ROLE worker or all) load: processors, sweepers, schedules. */
const WORKER_MODULES = [
  WebhooksWorkerModule,
  NotificationsWorkerModule,
  IntegrationEventsWorkerModule,
  SupplierWorkerModule,
  ReconciliationWorkerModule,
  AuditWorkerModule,
];

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
        MetricsModule,
        WebhooksModule,
        // The provider modules come first: Express tries routes in the order they were added, and
        // webhooks are nearly every request, so theirs are tried before the internal API's.
        PaymentModule,
        ShippingModule,
        GmetriPointsModule,
        SupplierModule,
        OrderPaymentModule,
        RazorpayModule,
        CashfreeModule,
        StripeModule,
        ShopifyModule,
        ShiprocketModule,
        NotificationsModule,
        IntegrationEventsModule,
        AuditModule,
        ReconciliationModule,
        HealthModule,
        AdminModule,
        OrdersModule,
        ...(config.runsWorkers ? WORKER_MODULES : []),
        ...(config.servesHttp ? [QueueBoardModule] : []),
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Webhook bodies stay raw bytes for their signatures (WebhooksModule); every other route takes JSON.
    consumer.apply(JsonBodyMiddleware).exclude(WEBHOOK_ROUTES).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
