import { useEffect, useState } from "react";
import {
  Button,
  Caption1,
  Radio,
  RadioGroup,
  Subtitle1,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { LockClosed16Regular } from "@fluentui/react-icons";
import { api } from "./api";
import {
  privateLabel,
  TIER_DESCRIPTIONS,
  VISIBILITY_TIERS,
  visibleEmailFields,
  type VisibilityTier,
} from "./contract";
import { Panel } from "./panel";
import { VISIBILITY_CHOSEN } from "./choose-visibility-banner";
import { ActionError } from "./states";

// Admin → Settings, "Who sees what" (issue 12): the workspace's tier, with the example of a colleague's email run
// through the core's own rule, so what the admin reads here is exactly what the server will answer.

const TIER_NAMES: Record<VisibilityTier, string> = {
  full: "Everything",
  subject: "Subject and participants",
  metadata: "Participants and dates only",
};

const EXAMPLE = {
  sentAt: "3 Mar",
  from: "Wile Coyote <wile@acme.com>",
  to: "dana@your-team.com",
  subject: "Renewal terms",
  snippet: "Our budget for next year is 40k, can you…",
};

const useStyles = makeStyles({
  example: {
    border: `1px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    maxWidth: "520px",
  },
  muted: { color: tokens.colorNeutralForeground3 },
  lock: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalXS },
});

/** What a colleague sees of Dana's email under `tier`: the fields the core's rule keeps, in list order. */
function ColleagueExample({ tier }: { tier: VisibilityTier }) {
  const styles = useStyles();
  const shown = visibleEmailFields(EXAMPLE, tier);
  return (
    <div className={styles.example} data-testid="visibility-example">
      <Caption1 className={styles.muted}>What a colleague sees of an email Dana synced</Caption1>
      <Text weight="semibold">{shown.subject ?? "Subject hidden"}</Text>
      <Text>
        {shown.from ?? ""} → {shown.to ?? ""} · {EXAMPLE.sentAt}
      </Text>
      <Text className={styles.muted}>{shown.snippet ?? "Body hidden"}</Text>
      <Caption1 className={styles.muted}>A thread Dana made private, whatever the setting:</Caption1>
      <Text className={styles.lock}>
        <LockClosed16Regular aria-label="Private thread" /> {privateLabel(["Dana"])} · Acme · {EXAMPLE.sentAt}
      </Text>
    </div>
  );
}

export function VisibilitySettings({ current, chosen }: { current: VisibilityTier; chosen: boolean }) {
  const [tier, setTier] = useState<VisibilityTier>(current);
  const [savedTier, setSavedTier] = useState<VisibilityTier>(current);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  // Before the first choice, saving the default is a choice too.
  const [firstChoice, setFirstChoice] = useState(!chosen);
  useEffect(() => {
    setTier(current);
    setSavedTier(current);
    setFirstChoice(!chosen);
  }, [current, chosen]);
  const save = async () => {
    setError(null);
    setStatus(null);
    try {
      const saved = await api.updateWorkspace({ visibility: tier });
      setTier(saved.visibility ?? tier);
      setSavedTier(saved.visibility ?? tier);
      setStatus("Saved. Every email already in Touchbase follows the new setting now.");
      setFirstChoice(false);
      window.dispatchEvent(new Event(VISIBILITY_CHOSEN));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Panel>
      <Subtitle1 as="h2">Who sees what</Subtitle1>
      <Text block as="p">
        What members see of email a colleague synced. The people who synced an email always see all of it, and
        anyone can make a thread they synced private.
      </Text>
      <RadioGroup
        value={tier}
        onChange={(_, d) => setTier(d.value as VisibilityTier)}
        aria-label="What colleagues see"
        data-testid="visibility-tier"
      >
        {VISIBILITY_TIERS.map((t) => (
          <Radio key={t} value={t} label={`${TIER_NAMES[t]} — ${TIER_DESCRIPTIONS[t]}`} />
        ))}
      </RadioGroup>
      <ColleagueExample tier={tier} />
      <ActionError error={error} />
      {status && (
        <Text block role="status" as="p">
          {status}
        </Text>
      )}
      <div>
        <Button
          appearance="primary"
          onClick={() => void save()}
          disabled={tier === savedTier && !firstChoice}
          data-testid="visibility-save"
        >
          Save who sees what
        </Button>
      </div>
    </Panel>
  );
}
