import {
  Avatar,
  Body1,
  Caption1,
  Card,
  CardHeader,
  SkeletonItem,
  Subtitle2,
  Tag,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { PersonAddRegular, PersonRegular } from "@fluentui/react-icons";
import { addressForDisplay, displayedAttributes, domainForDisplay } from "../../../../shared";
import type { CustomerView } from "../pane-model";
import { formatDate, formatRelative, matchSentence } from "../format";
import { ConversationSignals } from "./ConversationSignals";
import { HistoryList } from "./HistoryList";

const useStyles = makeStyles({
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  why: { color: tokens.colorNeutralForeground2 },
  tags: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
  attributes: {
    display: "grid",
    gridTemplateColumns: "minmax(80px, max-content) 1fr",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: "anywhere" },
  contact: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  heading: { marginTop: tokens.spacingVerticalS },
});

export interface CustomerCardProps {
  customer: CustomerView;
  profilesLoaded: boolean;
  /** The server could not be asked: say so instead of showing placeholders forever. */
  unavailable?: boolean;
  onOpenEmail: (emailId: string) => void;
}

/** One customer the message belongs to: why it matched, the profile, the contact(s) and recent history. */
export function CustomerCard({
  customer,
  profilesLoaded,
  unavailable = false,
  onOpenEmail,
}: CustomerCardProps) {
  const styles = useStyles();
  const profile = customer.profile;
  const domains = profile?.domains ?? customer.domains;
  return (
    <Card className={styles.card} data-testid="customer-card" data-customer-id={customer.id}>
      <CardHeader
        image={<Avatar name={customer.name} shape="square" color="colorful" />}
        header={<Subtitle2 data-testid="customer-name">{profile?.name ?? customer.name}</Subtitle2>}
        description={
          <Caption1
            data-testid="customer-last-touch"
            title={profile ? formatDate(profile.lastTouchAt, true) : undefined}
          >
            {profile
              ? `Last touch ${formatRelative(profile.lastTouchAt)}`
              : unavailable
                ? ""
                : "Last touch …"}
          </Caption1>
        }
      />
      <div className={styles.why} data-testid="customer-why">
        {customer.matchedBy.map((m) => (
          <Body1 key={m.address} as="p" block>
            Matched because {matchSentence(m, domains)}.
          </Body1>
        ))}
      </div>
      <div className={styles.tags}>
        {domains.map((d) => (
          <Tag key={d} size="small" appearance="outline">
            {domainForDisplay(d)}
          </Tag>
        ))}
      </div>

      {profile ? (
        <dl className={styles.attributes} data-testid="customer-profile">
          {displayedAttributes(profile.attributes).map((line) => (
            <div key={line.key} style={{ display: "contents" }}>
              <dt className={styles.term}>{line.label}</dt>
              <dd className={styles.value}>{line.text}</dd>
            </div>
          ))}
        </dl>
      ) : profilesLoaded ? null : unavailable ? (
        <Caption1 data-testid="profile-unavailable">
          The profile and recent emails appear when Touchbase is reachable.
        </Caption1>
      ) : (
        <div aria-label="Loading the profile">
          <SkeletonItem size={12} />
          <SkeletonItem size={12} />
        </div>
      )}

      {profile?.signals && <ConversationSignals signals={profile.signals} onOpenEmail={onOpenEmail} />}

      <Subtitle2 as="h3" className={styles.heading}>
        {customer.contacts.length === 1 ? "Contact" : "Contacts"}
      </Subtitle2>
      {customer.contacts.map((c) => {
        const full = c.contact ? `${c.contact.firstName} ${c.contact.lastName}`.trim() : c.name.trim();
        const name = full.toLowerCase() === c.address ? "" : full; // no name: the address alone, once
        return (
          <div key={c.address} className={styles.contact} data-testid="contact">
            {c.contact ? <PersonRegular /> : <PersonAddRegular />}
            <Body1>
              {name ? `${name} · ` : ""}
              {addressForDisplay(c.address)}
              {c.contact
                ? ""
                : c.willBeCreated
                  ? " — will be created when this email is synced"
                  : profilesLoaded
                    ? " — not a contact"
                    : ""}
            </Body1>
          </div>
        );
      })}

      {!unavailable && (
        <>
          <Subtitle2 as="h3" className={styles.heading}>
            Recent emails
          </Subtitle2>
          <HistoryList emails={customer.history} loading={!profilesLoaded} onOpen={onOpenEmail} />
        </>
      )}
    </Card>
  );
}
