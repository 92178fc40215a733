/** One line of an order: what an inventory service moves stock by. */
export interface OrderItem {
  sku: string;
  quantity: number;
  /** In major units of the order's currency, at most two decimals (as the amount). */
  unitPrice: number;
}

/** Hundredths, as integers: 0.1 + 0.2 adds up to 0.3. */
const cents = (value: number) => Math.round(value * 100);

/** Why the items do not add up to the order's amount, or undefined when they do. */
export function itemsMismatch(items: readonly OrderItem[], amount: number): string | undefined {
  const total = items.reduce((sum, item) => sum + item.quantity * cents(item.unitPrice), 0);
  return total === cents(amount) ? undefined : `items add up to ${(total / 100).toFixed(2)}, not the amount ${amount.toFixed(2)}`;
}
