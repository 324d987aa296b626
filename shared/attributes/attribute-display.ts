// How a customer's attributes read in the Outlook pane and on the Gmail card: one rule for both shells.

export type AttributeValue = string | number | boolean | null;

/** The currency money attributes are shown in when the customer has no `currency` attribute. */
export const DEFAULT_CURRENCY = "USD";

/** Attributes that hold an amount of money (ARR, MRR, ACV…). */
const MONEY_KEY = /^(arr|mrr|acv|tcv|revenue|budget|amount|deal[ _-]?(size|value)|contract[ _-]?value)$/i;
const CURRENCY_KEY = /^currency$/i;

/** `renewalDate` → "Renewal date"; `arr` → "ARR" (short all-letter keys read as acronyms). */
export function attributeLabel(key: string): string {
  if (/^[a-z]{2,3}$/.test(key)) return key.toUpperCase();
  const words = key
    .replace(/[_-]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function money(amount: number, currency: string, locale: string | undefined): string | null {
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      maximumFractionDigits: Number.isInteger(amount) ? 0 : 2,
    }).format(amount);
  } catch {
    return null; // not an ISO 4217 code: the plain number is shown with it
  }
}

/** One value as text: money in the customer's currency (`$120,000`), numbers grouped, Yes/No, "—" for none. */
export function attributeValue(
  key: string,
  value: AttributeValue,
  options: { currency?: string; locale?: string } = {},
): string {
  if (value === null || value === "") return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value !== "number") return value;
  const plain = new Intl.NumberFormat(options.locale).format(value);
  if (!MONEY_KEY.test(key)) return plain;
  const currency = (options.currency ?? DEFAULT_CURRENCY).trim().toUpperCase();
  return money(value, currency, options.locale) ?? `${plain} ${currency}`;
}

const currencyKeyOf = (attributes: Record<string, AttributeValue>) =>
  Object.keys(attributes).find((k) => CURRENCY_KEY.test(k));

/** The customer's own `currency` attribute, which is how its money attributes are written; undefined without one. */
export function currencyOf(attributes: Record<string, AttributeValue>): string | undefined {
  const key = currencyKeyOf(attributes);
  const stated = key ? attributes[key] : null;
  return typeof stated === "string" && stated.trim() ? stated : undefined;
}

/**
 * The attributes to show, as label and text: owner first (the question people ask), then alphabetically. A
 * `currency` attribute is not a line of its own: it is how the money attributes are written.
 */
export function displayedAttributes(
  attributes: Record<string, AttributeValue>,
  options: { locale?: string; defaultCurrency?: string } = {},
): { key: string; label: string; text: string }[] {
  const currencyKey = currencyKeyOf(attributes);
  const currency = currencyOf(attributes) ?? options.defaultCurrency;
  return Object.entries(attributes)
    .filter(([key]) => key !== currencyKey)
    .sort(([a], [b]) => (a === "owner" ? -1 : b === "owner" ? 1 : a.localeCompare(b)))
    .map(([key, value]) => ({
      key,
      label: attributeLabel(key),
      text: attributeValue(key, value, { currency, locale: options.locale }),
    }));
}
