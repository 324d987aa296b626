import type { ReactNode } from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from "@fluentui/react-components";

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** The button's words ("Remove", "Exclude"); `testId` names it for the tests. */
  action: string;
  testId: string;
  contentClassName?: string;
  /** The dialog closes first; the pane shows the action's progress and any failure itself. */
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}

/**
 * "Do this?" with Cancel and the action, for the pane's actions that remove or exclude. (The web workspace's
 * ConfirmDialog waits for its action and keeps a failure in the dialog; the pane's busy state and notice bar do
 * that here, so this one only asks.)
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { open, title, action, testId, contentClassName, onConfirm, onCancel, children } = props;
  return (
    <Dialog open={open} onOpenChange={(_e, data) => !data.open && onCancel()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent className={contentClassName}>{children}</DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onCancel}>
              Cancel
            </Button>
            <Button
              appearance="primary"
              data-testid={testId}
              onClick={() => {
                onCancel();
                onConfirm();
              }}
            >
              {action}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
