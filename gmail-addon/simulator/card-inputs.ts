// The CardService input widgets: text inputs, selection inputs (check boxes…) and switches.
import { exception } from "./apps-script-error";
import { plainField, SERIALIZE, text, type Json, type RenderContext, type Serializable } from "./card-json";

export class Switch implements Serializable {
  name = "";
  value = "";
  selected = false;
  setFieldName(n: string) {
    this.name = text(n, "fieldName");
    return this;
  }
  setValue(v: string) {
    this.value = text(v, "value");
    return this;
  }
  setSelected(s: boolean) {
    this.selected = Boolean(s);
    return this;
  }
  setControlType() {
    return this;
  }
  [SERIALIZE](): Json {
    if (!this.name) throw exception("Switch must have a field name set.");
    return { name: this.name, value: this.value, selected: this.selected, controlType: "SWITCH" };
  }
}

export class TextInput implements Serializable {
  f: { name?: string; label?: string; hintText?: string; value?: string; multiline?: boolean } = {};
  setFieldName(n: string) {
    this.f.name = text(n, "fieldName");
    return this;
  }
  setTitle(t: string) {
    this.f.label = text(t, "title");
    return this;
  }
  setHint(t: string) {
    this.f.hintText = text(t, "hint");
    return this;
  }
  setValue(v: string) {
    this.f.value = text(v, "value");
    return this;
  }
  setMultiline(m: boolean) {
    this.f.multiline = Boolean(m);
    return this;
  }
  [SERIALIZE](): Json {
    if (!this.f.name) throw exception("TextInput must have a field name set.");
    const { multiline, ...rest } = this.f;
    return { textInput: { ...rest, type: multiline ? "MULTIPLE_LINE" : "SINGLE_LINE" } };
  }
}

export class SelectionInput implements Serializable {
  type = "CHECK_BOX";
  name = "";
  label = "";
  items: { text: string; value: string; selected: boolean }[] = [];
  setType(t: string) {
    this.type = t;
    return this;
  }
  setFieldName(n: string) {
    this.name = text(n, "fieldName");
    return this;
  }
  setTitle(t: string) {
    this.label = text(t, "title");
    return this;
  }
  addItem(t: unknown, value: unknown, selected: unknown) {
    this.items.push({ text: String(t), value: String(value), selected: Boolean(selected) });
    return this;
  }
  setOnChangeAction() {
    return this;
  }
  [SERIALIZE](ctx: RenderContext): Json {
    if (!this.name) throw exception("SelectionInput must have a field name set.");
    for (const item of this.items) plainField(ctx, item.text, "a selection item");
    if (this.items.length === 0) throw exception("SelectionInput must have at least one item.");
    return { selectionInput: { name: this.name, label: this.label, type: this.type, items: this.items } };
  }
}
