/**
 * A preview of at most `max` characters that ends on a whole word with "…" when it had to cut ("…import the file…",
 * never "…import the file agai"). Whitespace runs fold to one space. A single word longer than `max` is cut inside.
 */
export function clipText(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const room = flat.slice(0, Math.max(1, max - 1));
  const lastSpace = room.lastIndexOf(" ");
  const cut = lastSpace >= room.length / 2 ? room.slice(0, lastSpace) : room;
  return `${cut.replace(/[\s,.;:–—-]+$/u, "")}…`;
}
