// The simulator holds each entry point to the return type Google documents for it.
import { describe, expect, it } from "vitest";
import { createCardService } from "./card-builders";
import { renderResult, type EntryKind } from "./entry-points";
import { ServiceMeter } from "./service-meter";

const cs = createCardService(new ServiceMeter(), []);
const card = () =>
  cs
    .newCardBuilder()
    .addSection(cs.newCardSection().addWidget(cs.newTextParagraph().setText("hi")))
    .build();
const action = () =>
  cs.newActionResponseBuilder().setNotification(cs.newNotification().setText("ok")).build();
const universal = () => cs.newUniversalActionResponseBuilder().displayAddOnCards([card()]).build();

describe("entry-point return types", () => {
  it("accepts what Google documents for each kind", () => {
    expect(renderResult("homepage", card()).cards).toHaveLength(1);
    expect(renderResult("contextual", [card(), card()]).cards).toHaveLength(2);
    expect(renderResult("universal", universal()).cards).toHaveLength(1);
    expect(renderResult("universal", undefined).json).toBeNull();
    expect(renderResult("action", action()).json).toEqual({
      renderActions: { action: { notification: { text: "ok" } } },
    });
    expect(renderResult("time", "anything").json).toBeNull();
  });

  const cases: [EntryKind, () => unknown, RegExp][] = [
    [
      "homepage",
      () => action(),
      /homepage function must return a Card or an array of Cards; this one returned an ActionResponse/,
    ],
    ["contextual", () => [], /contextual function must return a Card.*an array of 0 values/],
    ["contextual", () => undefined, /returned nothing/],
    ["universal", () => action(), /UniversalActionResponse.*returned an ActionResponse/],
    ["universal", () => card(), /UniversalActionResponse.*returned a Card/],
    ["action", () => card(), /action function must return an ActionResponse; this one returned a Card/],
    ["action", () => universal(), /returned a UniversalActionResponse/],
    ["action", () => undefined, /returned nothing/],
  ];
  it.each(cases)("refuses a %s function returning the wrong thing", (kind, make, message) => {
    expect(() => renderResult(kind, make())).toThrow(message);
  });
});
