// The script's clock: real time plus the modelled latency of Google services (GmailApp calls take tens of
// milliseconds in production, here microseconds). Execution-time limits are enforced on this clock, so a label
// sync over a large mailbox needs several slices here as it would in Gmail, without the test waiting for it.
import { ExecutionKilled } from "./apps-script-error";

/** Modelled latency per call in ms: rough orders of magnitude of Apps Script's Gmail service, not measurements. */
export const SERVICE_LATENCY_MS: Record<string, number> = {
  "GmailApp.getMessageById": 60,
  "GmailApp.getThreadById": 60,
  "GmailApp.getUserLabels": 120,
  "GmailApp.getUserLabelByName": 80,
  "GmailApp.getMessagesForThreads": 150,
  "GmailLabel.getThreads": 250,
  "GmailThread.getMessages": 60,
  "GmailMessage.getHeader": 4,
  "GmailMessage.getPlainBody": 15,
  "GmailMessage.getBody": 15,
  "GmailMessage.getRawContent": 40,
  "GmailMessage.getAttachments": 30,
  "PropertiesService.read": 8,
  "PropertiesService.write": 15,
  "CacheService.read": 5,
  "CacheService.write": 8,
  "ScriptApp.newTrigger": 200,
  "ScriptApp.getProjectTriggers": 50,
  "LockService.tryLock": 20,
};

export class VirtualClock {
  private offsetMs = 0;
  private deadline = Infinity;
  private limitMs = 0;
  killed = false;
  /** When false, service latencies are not modelled (the benchmark measures real work only). */
  modelLatency = true;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Adds a service's modelled latency, then enforces the execution limit. */
  spend(kind: string): number {
    const ms = this.modelLatency ? (SERVICE_LATENCY_MS[kind] ?? 0) : 0;
    this.offsetMs += ms;
    this.check();
    return ms;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
    this.check();
  }

  startExecution(limitMs: number): void {
    this.limitMs = limitMs;
    this.deadline = this.now() + limitMs;
    this.killed = false;
  }

  endExecution(): void {
    this.deadline = Infinity;
  }

  check(): void {
    if (this.killed || this.now() > this.deadline) {
      this.killed = true;
      throw new ExecutionKilled(this.limitMs);
    }
  }
}
