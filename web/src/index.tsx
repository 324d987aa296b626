// The web workspace's entry: one React root, the shell does the rest (app.tsx).
import { createRoot } from "react-dom/client";
import { prefetch } from "./api";
import { App } from "./app";

// The Customers board's first page in its default order is the first screen of /app: ask for it now, beside the
// session and the page's script, instead of after them (the same query the page sends, so it takes this answer).
if (/^\/app(\/customers)?\/?$/.test(location.pathname) && location.search === "") {
  prefetch("/board/customers", { sort: "name", order: "asc", limit: 100 });
}

// A customer's profile likewise: its two reads and the page's script start now, not after the session and shell.
const profileSegment = /^\/app\/customers\/([^/]+)\/?$/.exec(location.pathname)?.[1];
/** The id as the page will encode it; an address that is not valid percent-encoding prefetches nothing. */
function profileIdOf(segment: string | undefined): string | null {
  try {
    return segment ? encodeURIComponent(decodeURIComponent(segment)) : null;
  } catch {
    return null;
  }
}
const profileId = profileIdOf(profileSegment);
if (profileId) {
  prefetch(`/customers/${profileId}/profile`);
  prefetch(`/customers/${profileId}/threads`, { limit: 25 });
  void import(/* webpackChunkName: "profile" */ "./pages/customer-profile");
}

createRoot(document.getElementById("root")!).render(<App />);
