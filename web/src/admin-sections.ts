// The admin pages as the navigation names them; each page is titled by the same name.
export const ADMIN_SECTIONS = [
  { id: "block-list", title: "Block list" },
  { id: "team", title: "Team" },
  { id: "settings", title: "Settings" },
  { id: "sync-health", title: "Sync health" },
] as const;

/** The admin page's title: its name in the navigation ("Admin" for a section that has none). */
export function adminSectionTitle(section: string): string {
  return ADMIN_SECTIONS.find((s) => s.id === section)?.title ?? "Admin";
}
