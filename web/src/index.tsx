// The web workspace's entry: one React root, the shell does the rest (app.tsx).
import { createRoot } from "react-dom/client";
import { prefetch } from "./api";
import { App } from "./app";

// The Customers board's first page in its default order is the first screen of /app: ask for it now, beside the
// session and the page's script, instead of after them (the same query the page sends, so it takes this answer).
if (/^\/app(\/customers)?\/?$/.test(location.pathname) && location.search === "") {
  prefetch("/board/customers", { sort: "name", order: "asc", limit: 100 });
}

createRoot(document.getElementById("root")!).render(<App />);
