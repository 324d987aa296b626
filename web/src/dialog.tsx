import { useEffect, useState, type ReactNode } from "react";
import {
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dialog as FluentDialog,
  type DialogProps,
} from "@fluentui/react-components";
import { ActionError } from "./states";

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

/**
 * "Do this?" with Cancel and the action: what every destructive or disruptive action of the pages asks first. A
 * failed action keeps the dialog open with its sentence; the caller closes it when the action succeeds.
 */
export function ConfirmDialog({
  title,
  action,
  onConfirm,
  onCancel,
  children,
}: {
  title: string;
  /** The button's words: "Deactivate", "Delete customer". */
  action: string;
  onConfirm: () => Promise<void>;
  onCancel: () => void;
  children: ReactNode;
}) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>
            {children}
            <ActionError error={error} />
          </DialogContent>
          <DialogActions>
            <Button onClick={onCancel}>Cancel</Button>
            <Button appearance="primary" disabled={busy} onClick={() => void confirm()}>
              {action}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
