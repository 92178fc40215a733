import { SupplierModule } from '../supplier/supplier.module.js';
import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { ReconciliationModule } from '../reconciliation/reconciliation.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { PaymentNotifications } from './payment-notifications.js';
import { PaymentReconciliationSource } from './payment-reconciliation.source.js';
import { PaymentWebhookHandler } from './payment-webhook.handler.js';
import { PaymentWebhookController } from './payment-webhook.controller.js';
import { IntegrationEventsModule } from '../integration-events/integration-events.module.js';

/** The payment gateway: its webhook, the payment transition table, the customer's e-mails, and its reconciliation source. */
@Module({
  imports: [IntegrationEventsModule, WebhooksModule, NotificationsModule, OrdersModule, ReconciliationModule, SupplierModule],
  controllers: [PaymentWebhookController],
  providers: [PaymentWebhookHandler, PaymentNotifications, PaymentReconciliationSource],
  // The storefront's PAID confirms a payment too, with the same e-mail.
  // Native gateways (Razorpay, Cashfree, Stripe) apply their events through PaymentWebhookHandler.applyPayment.
  exports: [PaymentNotifications, PaymentWebhookHandler],
})
export class PaymentModule {}
