import { useState } from "react";
import { Button, MessageBar, MessageBarActions, MessageBarBody } from "@fluentui/react-components";
import { ArrowUndoRegular, DismissRegular } from "@fluentui/react-icons";
import type { Notice } from "../use-pane";

/** The result of the last action, with its undo when there is one. */
export function NoticeBar({
  notice,
  onDismiss,
  onError,
}: {
  notice: Notice;
  onDismiss: () => void;
  onError: (e: unknown) => void;
}) {
  const [undoing, setUndoing] = useState(false);
  return (
    <MessageBar intent={notice.intent} layout="multiline" data-testid="notice" key={notice.id}>
      <MessageBarBody>{notice.text}</MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button
            appearance="transparent"
            aria-label="Dismiss"
            icon={<DismissRegular />}
            onClick={onDismiss}
          />
        }
      >
        {notice.undo && (
          <Button
            size="small"
            icon={<ArrowUndoRegular />}
            disabled={undoing}
            data-testid="notice-undo"
            onClick={() => {
              setUndoing(true);
              notice.undo!()
                .catch(onError)
                .finally(() => setUndoing(false));
            }}
          >
            Undo
          </Button>
        )}
      </MessageBarActions>
    </MessageBar>
  );
}
