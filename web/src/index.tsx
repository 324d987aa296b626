// The web workspace's entry: one React root, the shell does the rest (app.tsx).
import { createRoot } from "react-dom/client";
import { App } from "./app";

createRoot(document.getElementById("root")!).render(<App />);
