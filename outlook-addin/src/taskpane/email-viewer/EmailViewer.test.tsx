// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { EmailDetail } from "../../../../shared";
import EmailViewer from "./EmailViewer";

afterEach(cleanup);

const detail = (over: Partial<EmailDetail>): EmailDetail => ({
  id: "em_1",
  messageId: "<m@acme.test>",
  subject: "Re: Renewal",
  from: "Wile <wile@acme.test>",
  to: "alex@northwind.test",
  cc: "",
  sentAt: "2026-06-10T12:00:00Z",
  direction: "inbound",
  snippet: "Thanks, signed.",
  threadKey: "t",
  threadCount: 2,
  text: "Thanks, signed.\n\nOn Mon, Jun 8, 2026, Alex wrote:\n> Here is the contract.",
  html: null,
  replyText: "Thanks, signed.",
  hasQuotedText: true,
  customerIds: ["cu_1"],
  syncedBy: [],
  ...over,
});

describe("the email viewer", () => {
  it("shows what the sender wrote first, and the quoted text on request", async () => {
    render(<EmailViewer load={async () => detail({})} onBack={() => undefined} />);
    expect((await screen.findByTestId("reply-text")).textContent).toBe("Thanks, signed.");
    expect(screen.queryByTestId("email-frame")).toBeNull();
    const toggle = screen.getByRole("button", { name: "Show quoted text" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(toggle);
    const frame = await screen.findByTestId("email-frame");
    expect(frame.getAttribute("srcdoc")).toContain("Here is the contract.");
    // The whole email replaces the reply, which it starts with: the reply is not shown twice.
    expect(screen.queryByTestId("reply-text")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Hide quoted text" }));
    expect(screen.queryByTestId("email-frame")).toBeNull();
  });

  it("shows an email with nothing quoted whole, as before", async () => {
    render(
      <EmailViewer
        load={async () => detail({ text: "Just this.", replyText: "Just this.", hasQuotedText: false })}
        onBack={() => undefined}
      />,
    );
    expect((await screen.findByTestId("email-frame")).getAttribute("srcdoc")).toContain("Just this.");
    expect(screen.queryByTestId("show-quoted")).toBeNull();
  });

  it("shows a colleague's private email as the server sent it: who synced it, and why there is no body", async () => {
    // What the backend answers a colleague (issue 12): the private fields only.
    const privateEmail: EmailDetail = {
      id: "em_2",
      sentAt: "2026-06-10T12:00:00Z",
      customerIds: ["cu_1"],
      syncedBy: [],
      access: "private",
      private: true,
      syncedByMe: false,
      privateSyncedBy: ["Dana"],
    };
    render(<EmailViewer load={async () => privateEmail} onBack={() => undefined} />);
    expect((await screen.findByTestId("body-hidden")).textContent).toBe(
      "Only the teammates who synced this email can read it.",
    );
    expect(screen.getByText("Private — synced by Dana")).toBeTruthy();
    expect(screen.queryByTestId("email-frame")).toBeNull();
    expect(screen.queryByText(/^From /)).toBeNull();
  });
});
