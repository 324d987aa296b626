import { Body1, Caption1, Link, makeStyles, tokens } from "@fluentui/react-components";
import { CheckmarkCircleRegular, ClockAlarmRegular, TimerRegular } from "@fluentui/react-icons";
import { emailTitle, medianLine, NOTHING_WAITING, waitingLine, type Signals } from "../../../../shared";
import { formatRelative } from "../format";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  row: { display: "flex", alignItems: "flex-start", gap: tokens.spacingHorizontalS },
  icon: { flexShrink: 0, marginTop: "2px" },
  waiting: { color: tokens.colorPaletteDarkOrangeForeground1 },
  quiet: { color: tokens.colorNeutralForeground2 },
  text: { display: "flex", flexDirection: "column" },
});

export interface ConversationSignalsProps {
  signals: Signals;
  onOpenEmail: (emailId: string) => void;
  now?: Date;
}

/**
 * Who is waiting on whom and how fast the team answers: "Waiting for a reply for 3 days" with the thread,
 * "Median reply 4 h (12 replies)", and the newest email each way. Every line has a spoken form.
 */
export function ConversationSignals({ signals, onOpenEmail, now = new Date() }: ConversationSignalsProps) {
  const styles = useStyles();
  const waiting = waitingLine(signals, now);
  const median = medianLine(signals);
  const thread = signals.awaitingReply[0];
  return (
    <section className={styles.root} aria-label="Conversation" data-testid="customer-signals">
      {waiting && thread ? (
        <div className={styles.row} data-testid="signal-waiting" aria-label={waiting.spoken} role="group">
          <ClockAlarmRegular className={`${styles.icon} ${styles.waiting}`} aria-hidden />
          <div className={styles.text}>
            <Body1 className={styles.waiting} aria-hidden>
              {waiting.text}
            </Body1>
            <Link
              data-testid="signal-waiting-thread"
              onClick={() => onOpenEmail(thread.emailId)}
              aria-label={`Open the waiting email: ${emailTitle(thread)}`}
            >
              {emailTitle(thread)}
            </Link>
          </div>
        </div>
      ) : (
        <div className={styles.row} data-testid="signal-waiting-none">
          <CheckmarkCircleRegular className={`${styles.icon} ${styles.quiet}`} aria-hidden />
          <Body1 className={styles.quiet} aria-label={NOTHING_WAITING.spoken}>
            {NOTHING_WAITING.text}
          </Body1>
        </div>
      )}
      <div className={styles.row} data-testid="signal-median">
        <TimerRegular className={`${styles.icon} ${styles.quiet}`} aria-hidden />
        <Body1 aria-label={median.spoken}>{median.text}</Body1>
      </div>
      <Caption1 className={styles.quiet} data-testid="signal-directions">
        Last from the customer {formatRelative(signals.lastInboundAt, now)} · last from your team{" "}
        {formatRelative(signals.lastOutboundAt, now)}
      </Caption1>
    </section>
  );
}
