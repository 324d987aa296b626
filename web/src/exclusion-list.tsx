import { useState } from "react";
import { Button, Checkbox, Field, Input, Text, makeStyles, tokens } from "@fluentui/react-components";
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from "./table";
import { PurgeCountSchema } from "../../shared/api/workspace-web";
import type { Exclusion } from "./contract";
import { api, call } from "./api";
import { When } from "./format";
import { ActionError, EmptyState, ErrorState, LoadingRows, useLoad } from "./states";

// The exclusions of one scope: mine (My emails) or the workspace's block list (Admin). Adding one can purge the
// stored emails it now rejects; before that, the count of stored emails naming it is shown.

const useStyles = makeStyles({
  form: {
    display: "flex",
    gap: tokens.spacingHorizontalM,
    alignItems: "end",
    flexWrap: "wrap",
    margin: `${tokens.spacingVerticalM} 0`,
  },
});

const kindOf = (value: string): "address" | "domain" =>
  value.includes("@") && !value.startsWith("@") ? "address" : "domain";

export function ExclusionList({ scope }: { scope: "user" | "workspace" }) {
  const styles = useStyles();
  const [list, reload] = useLoad(() => api.exclusions(), []);
  const [value, setValue] = useState("");
  const [purge, setPurge] = useState(false);
  const [count, setCount] = useState<number | null>(null);
  const [search, setSearch] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const clean = value.trim().replace(/^@/, "");
  const check = async (next: boolean) => {
    setPurge(next);
    setCount(null);
    if (!next || !clean) return;
    try {
      const r = await call("GET", "/exclusions/purge-count", PurgeCountSchema, {
        query: { kind: kindOf(value.trim()), value: clean, scope },
      });
      setCount(r.emails);
    } catch (e) {
      setError(e);
    }
  };
  const add = async () => {
    setError(null);
    setDone(null);
    try {
      const created = await api.createExclusion({ kind: kindOf(value.trim()), value: clean, scope, purge });
      setDone(
        `${created.value} is excluded${purge ? `; ${created.purged} ${created.purged === 1 ? "email" : "emails"} removed` : ""}.`,
      );
      setValue("");
      setPurge(false);
      setCount(null);
      reload();
    } catch (e) {
      setError(e);
    }
  };
  const remove = async (x: Exclusion) => {
    setError(null);
    try {
      await api.deleteExclusion(x.id);
      setDone(`${x.value} is no longer excluded. Emails removed earlier come back only when synced again.`);
      reload();
    } catch (e) {
      setError(e);
    }
  };

  const rows =
    list.state === "ready"
      ? list.data.exclusions.filter(
          (x) => x.scope === scope && x.value.toLowerCase().includes(search.trim().toLowerCase()),
        )
      : [];
  return (
    <div>
      <form
        className={styles.form}
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <Field label="Address or domain to exclude" hint="e.g. ceo@acme.com or acme.com">
          <Input value={value} onChange={(_, d) => (setValue(d.value), setCount(null), setPurge(false))} />
        </Field>
        <Checkbox
          checked={purge}
          onChange={(_, d) => void check(!!d.checked)}
          label={
            purge && count !== null
              ? `Also remove stored emails (${count} ${count === 1 ? "names" : "name"} it)`
              : "Also remove stored emails"
          }
          disabled={!clean}
        />
        <Button type="submit" appearance="primary" disabled={!clean}>
          Exclude
        </Button>
      </form>
      {done && (
        <Text block role="status" as="p">
          {done}
        </Text>
      )}
      <ActionError error={error} />
      {list.state === "loading" ? (
        <LoadingRows rows={3} label="Loading exclusions…" />
      ) : list.state === "error" ? (
        <ErrorState error={list.error} retry={reload} />
      ) : (
        <>
          <Field label="Search exclusions">
            <Input value={search} onChange={(_, d) => setSearch(d.value)} type="search" />
          </Field>
          {rows.length === 0 ? (
            <EmptyState title={search ? "No exclusion matches" : "Nothing is excluded"}>
              {scope === "user"
                ? "Add an address or domain above: its emails are never synced from your mailbox."
                : "Add an address or domain above: nobody in the workspace syncs its emails."}
            </EmptyState>
          ) : (
            <Table size="small" aria-label={scope === "user" ? "My exclusions" : "Workspace block list"}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Excluded</TableHeaderCell>
                  <TableHeaderCell>Kind</TableHeaderCell>
                  <TableHeaderCell>Added</TableHeaderCell>
                  <TableHeaderCell>Action</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((x) => (
                  <TableRow key={x.id} data-testid="exclusion-row">
                    <TableCell>{x.value}</TableCell>
                    <TableCell>{x.kind}</TableCell>
                    <TableCell>
                      <When iso={x.createdAt} empty="—" />
                    </TableCell>
                    <TableCell>
                      <Button size="small" onClick={() => remove(x)} aria-label={`Remove ${x.value}`}>
                        Remove
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </>
      )}
    </div>
  );
}
