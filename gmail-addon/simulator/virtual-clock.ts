// The script's clock: real time plus the modelled latency of Google services (latency-model.ts). Execution-time
// limits are enforced on this clock, so a label sync over a large mailbox needs several slices here as it would
// in Gmail, without the test waiting for it.
import { ExecutionKilled } from "./apps-script-error";

export class VirtualClock {
  private offsetMs = 0;
  private deadline = Infinity;
  private killMessage = "";
  killed = false;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Modelled time added so far (the part of the script clock that is not real time). */
  modelledMs(): number {
    return this.offsetMs;
  }

  /** Adds modelled time (a service call's latency, a sleep), then enforces the execution limit. */
  advance(ms: number): void {
    this.offsetMs += ms;
    this.check();
  }

  /** `message` is what Apps Script reports when the limit passes (execution time, or a daily runtime quota). */
  startExecution(limitMs: number, message: string): void {
    this.deadline = this.now() + limitMs;
    this.killMessage = message;
    this.killed = false;
  }

  endExecution(): void {
    this.deadline = Infinity;
  }

  check(): void {
    if (this.killed || this.now() > this.deadline) {
      this.killed = true;
      throw new ExecutionKilled(this.killMessage);
    }
  }

  get killedWith(): string {
    return this.killMessage;
  }
}
