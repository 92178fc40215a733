/** A provider's own figures for a payment, in major units; either may be missing. */
export interface PaymentFigures {
  amount?: number;
  currency?: string;
}

/**
 * Why a payment's figures are not the order's (a capture of another amount
 * is not proof of payment for it), or undefined when they match or were not
 * given. Amounts within half a cent are equal.
 */
export function amountMismatch(payment: PaymentFigures, order: { amount: number; currency: string }): string | undefined {
  if (payment.amount !== undefined && Math.abs(payment.amount - order.amount) >= 0.005) {
    return `amount ${payment.amount} does not match order amount ${order.amount}`;
  }
  if (payment.currency !== undefined && payment.currency.toUpperCase() !== order.currency) {
    return `currency ${payment.currency} does not match order currency ${order.currency}`;
  }
  return undefined;
}
