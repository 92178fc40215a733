import { Injectable, type OnModuleInit } from '@nestjs/common';
import { NotificationTemplateRegistry, type TemplateRenderer } from '../notifications/notification-templates.registry.js';
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

const amount = (value: unknown, currency: unknown) =>
  value === undefined || value === null ? 'unknown' : `${String(value)} ${String(currency ?? '')}`.trim();

/** Registers the digital-goods templates; the customer's codes e-mail is the one place codes leave the service. */
@Injectable()
export class DigitalGoodsTemplates implements OnModuleInit {
  constructor(
    private readonly templates: NotificationTemplateRegistry,
    private readonly codes: CodesCipherService,
  ) {}

  onModuleInit(): void {
    const renderers: Record<string, TemplateRenderer> = {
      [CODES_DELIVERED]: ({ orderId, items }) => ({
        subject: `Your codes for order ${String(orderId)}`,
        text: [`Here are the codes for your order ${String(orderId)}:`, ...(items as SealedItem[]).map((item) => this.line(item))].join(
          '\n',
        ),
      }),
      [ORDER_REFUNDED]: ({ orderId }) => ({
        subject: `Your order ${String(orderId)} has been reversed`,
        text: `Our supplier has reversed your order ${String(orderId)}. Any code sent for it no longer works; if you paid, the refund is on its way.`,
      }),
      [SUPPLIER_ORDER_FAILED]: ({ orderId, supplierOrderId, refundRequested }) => ({
        text:
          `Supplier could not fulfil order ${String(orderId)} (supplier order ${String(supplierOrderId ?? 'unknown')}). ` +
          (refundRequested ? 'The customer had paid: a refund request was recorded.' : 'No payment had been taken.'),
      }),
      [SUPPLIER_BALANCE_LOW]: ({ balance, threshold, currency }) => ({
        text: `Supplier balance is low: ${amount(balance, currency)} left (threshold ${amount(threshold, currency)}). Top it up before orders fail.`,
      }),
    };
    for (const [name, render] of Object.entries(renderers)) this.templates.register(name, render);
  }

  private line({ sku, code, pin }: SealedItem): string {
    const opened = this.codes.open(code);
    return pin ? `${sku}: ${opened} (PIN ${this.codes.open(pin)})` : `${sku}: ${opened}`;
  }
}
