import { useEffect, useState } from "react";
import { Caption1, makeStyles, tokens } from "@fluentui/react-components";
import type { FolderSchedule, ScheduledFolder } from "../../sync";
import type { FolderChoice } from "../../office";
import { scheduleSentences } from "./schedule-sentence";

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/** Re-renders every 30 s, so "synced 2 minutes ago" keeps telling the truth while Settings stays open. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function useScheduledFolders(schedule: FolderSchedule): ScheduledFolder[] {
  const [folders, setFolders] = useState(() => schedule.folders());
  useEffect(() => {
    setFolders(schedule.folders());
    const unsubscribe = schedule.subscribe(setFolders);
    return () => void unsubscribe();
  }, [schedule]);
  return folders;
}

/** Settings' list of the folders that keep syncing by themselves: when each last synced and when it runs next. */
export function ContinuousSyncStatus({
  schedule,
  chosen,
}: {
  schedule: FolderSchedule;
  chosen: FolderChoice[];
}) {
  const styles = useStyles();
  const now = useNow();
  const folders = useScheduledFolders(schedule);
  if (folders.length === 0)
    return (
      <Caption1 data-testid="continuous-sync-status">
        No folder syncs by itself yet: sync a folder once from the pane (Sync this folder) to start.
      </Caption1>
    );
  const names = new Map(chosen.map((f) => [f.id, f.name]));
  return (
    <ul className={styles.list} data-testid="continuous-sync-status">
      {scheduleSentences(folders, now, names).map(({ folderId, sentence }) => (
        <li key={folderId}>
          <Caption1>{sentence}</Caption1>
        </li>
      ))}
    </ul>
  );
}
