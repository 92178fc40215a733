/** A provider's own figures for a payment, in major units; either may be missing. */
export interface PaymentFigures {
  amount?: number;
  currency?: string;
}

/** Amounts within half a cent are equal. */
export const HALF_CENT = 0.005;

/**
 * Why a payment's figures are not the order's (a capture of another amount,
 * or of no stated amount, is not proof of payment for it), or undefined when
 * both are given and match.
 */
export function amountMismatch(payment: PaymentFigures, order: { amount: number; currency: string }): string | undefined {
  if (payment.amount === undefined || payment.currency === undefined) {
    return `a payment confirmation must state its amount and currency (order is ${order.amount} ${order.currency})`;
  }
  if (Math.abs(payment.amount - order.amount) >= HALF_CENT) {
    return `amount ${payment.amount} does not match order amount ${order.amount}`;
  }
  if (payment.currency.toUpperCase() !== order.currency) {
    return `currency ${payment.currency} does not match order currency ${order.currency}`;
  }
  return undefined;
}

/** Money rounded to the cent, as the orders table keeps it. */
export function toCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
