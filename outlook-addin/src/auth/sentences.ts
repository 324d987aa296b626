// What the pane says when nobody is signed in: one sentence, wherever the need to sign in is found (MSAL, a
// request, the signed-out view). Dependency-free, so the first paint can import it.
export const SIGN_IN_REQUIRED = "Sign in with your Microsoft work account to see your customers here.";
