/**
 * An amount in a currency's minor units (paise, cents) in major units, as
 * orders keep them: 249900 INR → 2499, 500 JPY → 500, 1500 KWD → 1.5. The
 * number of decimals is the currency's own (ISO 4217, as Intl knows it).
 */
export function fromMinorUnits(amount: number, currency: string): number {
  const decimals = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return amount / 10 ** decimals;
}
