// The few server-rendered pages of sign-in: plain HTML with one stylesheet, no script except the landing page's.
// Every value shown is escaped; the landing page at /app is a stand-in the web workspace replaces.

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] as string,
  );

const STYLE = `:root{color-scheme:light dark}body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem}
h1{font-size:1.6rem}.button{display:inline-block;font:inherit;padding:.55rem 1.2rem;border-radius:4px;border:1px solid #0f6cbd;
background:#0f6cbd;color:#fff;text-decoration:none;cursor:pointer}.button.secondary{background:transparent;color:inherit;border-color:#888}
.error{border-left:4px solid #c50f1f;padding:.2rem .8rem}code{background:rgba(128,128,128,.15);padding:0 .3em}`;

function page(title: string, body: string, nonce?: string, script?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · Touchbase</title><style>${STYLE}</style></head>
<body><main>${body}</main>${script && nonce ? `<script nonce="${nonce}">${script}</script>` : ""}</body></html>`;
}

export function signInPage(options: {
  providerName: string | null;
  returnTo: string;
  signedOut?: boolean;
}): string {
  const start = `/auth/oidc/start?returnTo=${encodeURIComponent(options.returnTo)}`;
  const button = options.providerName
    ? `<p><a class="button" href="${esc(start)}">Sign in with ${esc(options.providerName)}</a></p>`
    : `<p>This server has no sign-in provider configured yet (see the README, "Web sign-in").</p>`;
  return page(
    "Sign in",
    `<h1>Sign in to Touchbase</h1>${options.signedOut ? `<p role="status">You are signed out.</p>` : ""}${button}
<p>No account yet? Ask a workspace admin to invite your address. An admin can also make a one-time sign-in link:
<code>npm run touchbase -- sign-in-link you@company.com</code>.</p>`,
  );
}

export function linkConfirmPage(
  who: { email: string; name: string; workspace: string },
  action: string,
): string {
  // A button, not an automatic sign-in: mail scanners open links, and a single-use link must survive that.
  return page(
    "Sign in",
    `<h1>Sign in to Touchbase</h1>
<p>You are signing in as <strong>${esc(who.name)}</strong> (${esc(who.email)}) to the workspace
<strong>${esc(who.workspace)}</strong>. The link works once.</p>
<form method="post" action="${esc(action)}"><button class="button" type="submit">Sign in</button></form>`,
  );
}

export function errorPage(title: string, sentence: string): string {
  return page(
    title,
    `<h1>${esc(title)}</h1><p class="error" role="alert">${esc(sentence)}</p>
<p><a class="button secondary" href="/auth/sign-in">Back to sign-in</a></p>`,
  );
}

/** `/app` until the web workspace lands: who is signed in, Sign out, Sign out everywhere — through /api/v1/session. */
export function landingPage(nonce: string): string {
  const script = `
const $ = (id) => document.getElementById(id);
let csrf = "";
async function load() {
  const res = await fetch("/api/v1/session", { credentials: "same-origin" });
  if (res.status === 401) { location.href = "/auth/sign-in?returnTo=%2Fapp"; return; }
  const body = await res.json();
  if (!res.ok) { $("status").textContent = body.error ? body.error.message : "Touchbase could not load your session."; return; }
  csrf = body.csrfToken;
  $("who").textContent = body.user.name + " (" + body.user.email + ")";
  $("workspace").textContent = body.workspace.name;
  $("role").textContent = body.user.role;
  $("signed-in").hidden = false;
  $("status").textContent = "";
}
async function signOut(path, method) {
  $("status").textContent = "Signing out…";
  const res = await fetch(path, { method, credentials: "same-origin", headers: { "X-CSRF-Token": csrf } });
  if (res.ok || res.status === 401) { location.href = "/auth/sign-in?signedOut=1"; return; }
  const body = await res.json().catch(() => ({}));
  $("status").textContent = body.error ? body.error.message : "Signing out failed; try again.";
}
$("sign-out").addEventListener("click", () => signOut("/api/v1/session", "DELETE"));
$("sign-out-everywhere").addEventListener("click", () => {
  if (confirm("Sign out of Touchbase in every browser?")) signOut("/api/v1/session/sign-out-everywhere", "POST");
});
load().catch(() => { $("status").textContent = "Touchbase could not be reached. Reload to retry."; });`;
  return page(
    "Touchbase",
    `<h1>Touchbase</h1>
<p id="status" role="status">Loading…</p>
<section id="signed-in" hidden>
<p>Signed in as <strong id="who"></strong> in <strong id="workspace"></strong> (<span id="role"></span>).</p>
<p><button class="button" id="sign-out" type="button">Sign out</button>
<button class="button secondary" id="sign-out-everywhere" type="button">Sign out everywhere</button></p>
</section>`,
    nonce,
    script,
  );
}
