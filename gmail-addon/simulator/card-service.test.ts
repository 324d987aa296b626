// The CardService fake refuses what Google refuses and serializes what Google serializes.
import { describe, expect, it } from "vitest";
import { createCardService } from "./card-builders";
import { ServiceMeter } from "./service-meter";

const cs = () => createCardService(new ServiceMeter(), ["https://touchbase.example.com/"]);

describe("CardService fake", () => {
  it("builds Card v1 JSON with actions as function + key/value parameters", () => {
    const s = cs();
    const card = s
      .newCardBuilder()
      .setName("home")
      .setHeader(s.newCardHeader().setTitle("Touchbase").setSubtitle("sub"))
      .addSection(
        s
          .newCardSection()
          .setHeader("Sync")
          .addWidget(
            s
              .newDecoratedText()
              .setTopLabel("Top")
              .setText("Body")
              .setStartIcon(s.newIconImage().setIcon(s.Icon.EMAIL)),
          )
          .addWidget(
            s.newButtonSet().addButton(
              s
                .newTextButton()
                .setText("Go")
                .setTextButtonStyle(s.TextButtonStyle.FILLED)
                .setOnClickAction(
                  s.newAction().setFunctionName("onCardAction").setParameters({ action: "go" }),
                ),
            ),
          ),
      )
      .build();
    expect(card.json).toEqual({
      name: "home",
      header: { title: "Touchbase", subtitle: "sub" },
      sections: [
        {
          header: "Sync",
          widgets: [
            {
              decoratedText: {
                topLabel: "Top",
                text: "Body",
                startIcon: { knownIcon: "EMAIL", altText: "" },
              },
            },
            {
              buttonList: {
                buttons: [
                  {
                    text: "Go",
                    type: "FILLED",
                    onClick: {
                      action: {
                        function: "onCardAction",
                        parameters: [{ key: "action", value: "go" }],
                        loadIndicator: "SPINNER",
                      },
                    },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
  });

  it.each([
    [
      "a card without sections",
      (s: ReturnType<typeof cs>) => s.newCardBuilder().build(),
      /at least one section/,
    ],
    [
      "an empty section",
      (s: ReturnType<typeof cs>) => s.newCardBuilder().addSection(s.newCardSection()).build(),
      /at least one widget/,
    ],
    [
      "an action without a function name",
      (s: ReturnType<typeof cs>) =>
        s
          .newCardBuilder()
          .addSection(
            s.newCardSection().addWidget(s.newTextButton().setText("x").setOnClickAction(s.newAction())),
          )
          .build(),
      /function name/,
    ],
    [
      "a button without a click",
      (s: ReturnType<typeof cs>) =>
        s
          .newCardBuilder()
          .addSection(s.newCardSection().addWidget(s.newTextButton().setText("x")))
          .build(),
      /on click action or an open link/,
    ],
    [
      "a header without a title",
      (s: ReturnType<typeof cs>) =>
        s
          .newCardBuilder()
          .setHeader(s.newCardHeader())
          .addSection(s.newCardSection().addWidget(s.newTextParagraph().setText("x")))
          .build(),
      /title/,
    ],
    [
      "non-string parameters",
      (s: ReturnType<typeof cs>) => s.newAction().setParameters({ n: 1 }),
      /must be strings/,
    ],
    [
      "a widget that is not a widget",
      (s: ReturnType<typeof cs>) => s.newCardSection().addWidget({} as never),
      /Invalid argument: widget/,
    ],
    ["an unknown icon", (s: ReturnType<typeof cs>) => s.newIconImage().setIcon("KITTEN"), /icon/],
    [
      "a notification-less empty response",
      (s: ReturnType<typeof cs>) => s.newActionResponseBuilder().build(),
      /must have a navigation/,
    ],
  ])("refuses %s", (_what, build, message) => {
    expect(() => build(cs())).toThrow(message);
  });

  it("drops widgets past 100 and reports it, as Google ignores them", () => {
    const s = cs();
    const section = s.newCardSection();
    for (let i = 0; i < 105; i++) section.addWidget(s.newTextParagraph().setText(`w${i}`));
    const card = s.newCardBuilder().addSection(section).build();
    expect((card.json.sections as { widgets: unknown[] }[])[0].widgets).toHaveLength(100);
    expect(card.violations[0]).toMatch(/105 widgets/);
  });

  it("reports links outside openLinkUrlPrefixes", () => {
    const s = cs();
    const button = s
      .newTextButton()
      .setText("x")
      .setOpenLink(s.newOpenLink().setUrl("https://elsewhere.example/"));
    const card = s.newCardBuilder().addSection(s.newCardSection().addWidget(button)).build();
    expect(card.violations[0]).toMatch(/not under the manifest's openLinkUrlPrefixes/);
  });

  it("serializes navigation and notifications as renderActions", () => {
    const s = cs();
    const card = s
      .newCardBuilder()
      .addSection(s.newCardSection().addWidget(s.newTextParagraph().setText("x")))
      .build();
    const response = s
      .newActionResponseBuilder()
      .setNavigation(s.newNavigation().popToRoot().updateCard(card))
      .setNotification(s.newNotification().setText("Done"))
      .build();
    expect(response.json).toEqual({
      renderActions: {
        action: {
          navigations: [{ popToRoot: true }, { updateCard: card.json }],
          notification: { text: "Done" },
        },
      },
    });
  });

  it("reports escaping mistakes: entities in plain-text fields, unknown tags in formatted ones", () => {
    const s = cs();
    const card = s
      .newCardBuilder()
      .setHeader(s.newCardHeader().setTitle("Marks &amp; Spencer"))
      .addSection(
        s
          .newCardSection()
          .setHeader("History with <Retail>")
          .addWidget(s.newDecoratedText().setTopLabel("Plan &lt;x&gt;").setText("Gold & <b>Premium</b>"))
          .addWidget(s.newTextParagraph().setText("Hello <script>x</script>")),
      )
      .build();
    expect(card.violations).toEqual([
      'the card header\'s title is plain text but contains "&amp;", which Google shows literally',
      'a section header is formatted text and contains "<Retail>", which Google would not show as typed',
      'a top label is plain text but contains "&lt;", which Google shows literally',
      'a paragraph is formatted text and contains "<script>", which Google would not show as typed',
      'a paragraph is formatted text and contains "</script>", which Google would not show as typed',
    ]);
  });
});
