import { useEffect, useState } from "react";
import { MessageBar, MessageBarActions, MessageBarBody } from "@fluentui/react-components";
import { api } from "./api";
import { Link } from "./router";

/** Sent when an admin saves the tier (visibility-settings.tsx), so the banner goes away without a reload. */
export const VISIBILITY_CHOSEN = "touchbase:visibility-chosen";

/**
 * The first run (issue 12): until an admin has chosen who sees what, every page an admin opens asks them to. The
 * tier is "Everything" meanwhile, the choice a CS team usually adopts Touchbase for; it is still theirs to make.
 * Its own small file: the shell shows it, and the settings page with its radio group stays in the admin chunk.
 */
export function ChooseVisibilityBanner() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    let live = true;
    api.workspace().then(
      (w) => live && setOpen(w.visibilityChosen === false),
      () => undefined, // a nudge: a failed read shows nothing rather than a second error
    );
    const chosen = () => setOpen(false);
    window.addEventListener(VISIBILITY_CHOSEN, chosen);
    return () => {
      live = false;
      window.removeEventListener(VISIBILITY_CHOSEN, chosen);
    };
  }, []);
  if (!open) return null;
  return (
    <MessageBar intent="info" data-testid="choose-visibility">
      <MessageBarBody>
        Choose what colleagues see of the email each of them syncs. Until you do, everyone sees everything.
      </MessageBarBody>
      <MessageBarActions>
        <Link href="/app/admin/settings">Choose who sees what</Link>
      </MessageBarActions>
    </MessageBar>
  );
}
