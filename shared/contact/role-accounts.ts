// Mailboxes that belong to a function, not a person. They never get a name and never become contacts.
const ROLE_WORDS = new Set([
  "abuse",
  "accounting",
  "accounts",
  "admin",
  "administrator",
  "alerts",
  "all",
  "ap",
  "api",
  "apply",
  "ar",
  "billing",
  "bookings",
  "bot",
  "bounce",
  "bounces",
  "careers",
  "cs",
  "community",
  "compliance",
  "contact",
  "contactus",
  "contracts",
  "customer",
  "customercare",
  "customers",
  "customerservice",
  "customersuccess",
  "daemon",
  "dev",
  "developer",
  "developers",
  "devops",
  "digest",
  "dmarc",
  "do-not-reply",
  "donotreply",
  "email",
  "engineering",
  "enquiries",
  "enquiry",
  "events",
  "everyone",
  "feedback",
  "finance",
  "frontdesk",
  "general",
  "hello",
  "help",
  "helpdesk",
  "hi",
  "hostmaster",
  "hr",
  "info",
  "information",
  "inquiries",
  "inquiry",
  "invoice",
  "invoices",
  "it",
  "jobs",
  "legal",
  "mail",
  "mailer-daemon",
  "marketing",
  "media",
  "members",
  "news",
  "newsletter",
  "no-reply",
  "noreply",
  "notification",
  "notifications",
  "notify",
  "office",
  "onboarding",
  "ops",
  "operations",
  "orders",
  "partners",
  "partnerships",
  "payments",
  "payroll",
  "postmaster",
  "pr",
  "press",
  "privacy",
  "procurement",
  "purchasing",
  "recruiting",
  "recruitment",
  "renewals",
  "reply",
  "reservations",
  "root",
  "sales",
  "security",
  "service",
  "services",
  "shop",
  "social",
  "staff",
  "store",
  "success",
  "support",
  "sysadmin",
  "team",
  "tech",
  "test",
  "updates",
  "webmaster",
  "welcome",
]);
// Qualifiers that often follow a role word: support-eu, sales.us, billing2, help-desk, success_team.
const ROLE_QUALIFIERS = new Set([
  "apac",
  "de",
  "desk",
  "dept",
  "emea",
  "eu",
  "fr",
  "global",
  "group",
  "intl",
  "latam",
  "na",
  "uk",
  "us",
  "team",
]);

const isSeparatorCode = (c: number) => c === 46 || c === 95 || c === 45; // . _ -
const isDigitCode = (c: number) => c >= 48 && c <= 57;

/** True for role mailboxes (info@, support-eu@, billing2@, sales.team@), whatever the case of `local`. */
export function isRoleLocalPart(local: string): boolean {
  return isLowerCaseRoleLocalPart(local.toLowerCase());
}

/** `isRoleLocalPart` for a local part already in lower case (a normalized address's): no copy to lower-case. */
export function isLowerCaseRoleLocalPart(lower: string): boolean {
  const plus = lower.indexOf("+");
  const base = plus >= 0 ? lower.slice(0, plus) : lower;
  if (ROLE_WORDS.has(base)) return true;
  // Cheap rejection first: most local parts are people, and their first segment (digits cut) is no role word.
  let end = 0;
  while (end < base.length && !isSeparatorCode(base.charCodeAt(end))) end++;
  while (end > 0 && isDigitCode(base.charCodeAt(end - 1))) end--;
  if (!ROLE_WORDS.has(base.slice(0, end))) return false;
  const parts = base
    .split(/[._-]+/)
    .filter(Boolean)
    .map((p) => p.replace(/\d+$/, ""));
  return parts.slice(1).every((p) => p === "" || ROLE_WORDS.has(p) || ROLE_QUALIFIERS.has(p));
}
