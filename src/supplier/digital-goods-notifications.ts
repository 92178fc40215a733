import { Injectable, type OnModuleInit } from '@nestjs/common';
import { NotificationTemplateRegistry } from '../notifications/notification-templates.registry.js';
import { CodesCipherService } from './codes-cipher.service.js';

export const CODES_DELIVERED = 'digital.codes_delivered';
export const ORDER_REFUNDED = 'digital.order_refunded';
export const SUPPLIER_ORDER_FAILED = 'digital.supplier_order_failed';
export const SUPPLIER_BALANCE_LOW = 'digital.supplier_balance_low';

/** An item as the outbox row carries it: code and PIN sealed, opened only while the e-mail is rendered. */
export interface SealedItem {
  sku: string;
  code: string;
  pin: string | null;
}

/** What the digital-goods messages render from, as the supplier handler writes their rows. */
interface OrderNotice {
  orderId: string;
}
interface CodesNotice extends OrderNotice {
  items: SealedItem[];
}
interface SupplierFailureAlert extends OrderNotice {
  supplierOrderId: string | null;
  refundRequested: boolean;
}
interface BalanceAlert {
  balance: number | null;
  threshold: number | null;
  currency: string | null;
}

const amount = (value: number | null, currency: string | null) => (value === null ? 'unknown' : `${value} ${currency ?? ''}`.trim());

/** Registers the digital-goods templates; the customer's codes e-mail is the one place codes leave the service. */
@Injectable()
export class DigitalGoodsTemplates implements OnModuleInit {
  constructor(
    private readonly templates: NotificationTemplateRegistry,
    private readonly codes: CodesCipherService,
  ) {}

  onModuleInit(): void {
    this.templates.register<CodesNotice>(CODES_DELIVERED, ({ orderId, items }) => ({
      subject: `Your codes for order ${orderId}`,
      text: [`Here are the codes for your order ${orderId}:`, ...items.map((item) => this.line(item))].join('\n'),
    }));
    this.templates.register<OrderNotice>(ORDER_REFUNDED, ({ orderId }) => ({
      subject: `Your order ${orderId} has been reversed`,
      text: `Our supplier has reversed your order ${orderId}. Any code sent for it no longer works; if you paid, the refund is on its way.`,
    }));
    this.templates.register<SupplierFailureAlert>(SUPPLIER_ORDER_FAILED, ({ orderId, supplierOrderId, refundRequested }) => ({
      text:
        `Supplier could not fulfil order ${orderId} (supplier order ${supplierOrderId ?? 'unknown'}). ` +
        (refundRequested ? 'The customer had paid: a refund request was recorded.' : 'No payment had been taken.'),
    }));
    this.templates.register<BalanceAlert>(SUPPLIER_BALANCE_LOW, ({ balance, threshold, currency }) => ({
      text: `Supplier balance is low: ${amount(balance, currency)} left (threshold ${amount(threshold, currency)}). Top it up before orders fail.`,
    }));
  }

  private line({ sku, code, pin }: SealedItem): string {
    const opened = this.codes.open(code);
    return pin ? `${sku}: ${opened} (PIN ${this.codes.open(pin)})` : `${sku}: ${opened}`;
  }
}
