import { useEffect } from "react";
import { Dialog as FluentDialog, type DialogProps } from "@fluentui/react-components";

// Fluent's Dialog, safe to unmount while open (the pages do: a dialog's parent goes when its action succeeds).
// Fluent's focus manager hides the rest of the page (aria-hidden on #root) while a modal dialog is open and does
// not undo it when the dialog is removed without closing first, which left the page invisible to screen readers.
export function Dialog(props: DialogProps) {
  useEffect(
    () => () => {
      requestAnimationFrame(() => {
        if (!document.querySelector("[role=dialog], [role=alertdialog]")) {
          document.getElementById("root")?.removeAttribute("aria-hidden");
        }
      });
    },
    [],
  );
  return <FluentDialog {...props} />;
}
