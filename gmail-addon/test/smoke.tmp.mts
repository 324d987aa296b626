import { startHarness } from "/work/main/gmail-addon/test/harness";
const h = await startHarness();
try {
  const s = h.connect();
  console.log("after connect:", s.notice, "\n", s.text.slice(0, 400));
  const customer = [...h.generated.truth.values()].find((t) => t.kind === "customer-contact")!;
  const r = s.openMessage(customer.gmailId);
  console.log(r.calls, r.realMs, r.networkMs);
  console.log(s.text);
  console.log("buttons", s.buttons());
  const r2 = s.openMessage(customer.gmailId);
  console.log("second open UrlFetch:", r2.calls["UrlFetchApp.fetch"] ?? 0);
  const stranger = [...h.generated.truth.values()].find((t) => t.kind === "stranger")!;
  s.openMessage(stranger.gmailId);
  console.log(s.text);
  console.log("touched", [...h.sandbox.touchedMissingGlobals], h.sandbox.logs);
} finally {
  await h.close();
}
