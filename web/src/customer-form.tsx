import { useState } from "react";
import {
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Dialog } from "./dialog";
import { Add16Regular, Delete16Regular } from "@fluentui/react-icons";
import type { Customer } from "./contract";
import { api } from "./api";
import { ActionError } from "./states";

// Create or edit a customer: name, domains (one per line or comma-separated; Unicode is fine, the server stores
// punycode), and attributes as name/value pairs (numbers and true/false keep their type).

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  pair: {
    display: "grid",
    gridTemplateColumns: "1fr 1fr auto",
    gap: tokens.spacingHorizontalS,
    alignItems: "end",
  },
});

type Value = string | number | boolean | null;

function parseValue(raw: string): Value {
  const t = raw.trim();
  if (t === "") return null;
  if (t === "true" || t === "false") return t === "true";
  if (/^-?\d+(\.\d+)?$/.test(t) && t.length < 16 && String(Number(t)) === t) return Number(t);
  return t;
}

export function CustomerForm({
  customer,
  open,
  onClose,
  onSaved,
}: {
  customer: Customer | null;
  open: boolean;
  onClose: () => void;
  onSaved: (customer: Customer) => void;
}) {
  const styles = useStyles();
  const [name, setName] = useState(customer?.name ?? "");
  const [domains, setDomains] = useState((customer?.domains ?? []).join("\n"));
  const [pairs, setPairs] = useState<[string, string][]>(
    Object.entries(customer?.attributes ?? {}).map(([k, v]) => [k, v === null ? "" : String(v)]),
  );
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setSaving(true);
    setError(null);
    const attributes: Record<string, Value> = {};
    for (const [k, v] of pairs) if (k.trim()) attributes[k.trim()] = parseValue(v);
    const body = {
      name: name.trim(),
      domains: domains
        .split(/[\s,;]+/)
        .map((d) => d.trim())
        .filter(Boolean),
      attributes,
    };
    try {
      const saved = customer
        ? await api.updateCustomer({ id: customer.id, patch: body })
        : await api.createCustomer(body);
      onSaved(saved);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <DialogBody>
            <DialogTitle>{customer ? `Edit ${customer.name}` : "New customer"}</DialogTitle>
            <DialogContent className={styles.form}>
              <Field label="Name" required>
                <Input value={name} onChange={(_, d) => setName(d.value)} maxLength={200} />
              </Field>
              <Field
                label="Domains"
                hint="One per line, e.g. acme.com or bücher.example. Email from these domains is this customer's."
              >
                <Textarea value={domains} onChange={(_, d) => setDomains(d.value)} rows={3} />
              </Field>
              <fieldset style={{ border: "none", padding: 0, margin: 0 }}>
                <legend>Attributes</legend>
                {pairs.map(([k, v], i) => (
                  <div className={styles.pair} key={i}>
                    <Field label={`Attribute ${i + 1} name`}>
                      <Input
                        value={k}
                        onChange={(_, d) => setPairs(pairs.map((p, j) => (j === i ? [d.value, p[1]] : p)))}
                      />
                    </Field>
                    <Field label={`Attribute ${i + 1} value`}>
                      <Input
                        value={v}
                        onChange={(_, d) => setPairs(pairs.map((p, j) => (j === i ? [p[0], d.value] : p)))}
                      />
                    </Field>
                    <Button
                      icon={<Delete16Regular />}
                      aria-label={`Remove attribute ${k || i + 1}`}
                      onClick={() => setPairs(pairs.filter((_, j) => j !== i))}
                    />
                  </div>
                ))}
                <Button
                  icon={<Add16Regular />}
                  onClick={() => setPairs([...pairs, ["", ""]])}
                  style={{ marginTop: 8 }}
                >
                  Add attribute
                </Button>
              </fieldset>
              <ActionError error={error} />
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button appearance="primary" type="submit" disabled={saving || !name.trim()}>
                {saving ? "Saving…" : customer ? "Save" : "Create customer"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
