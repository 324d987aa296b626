// The Microsoft Graph simulator: what the add-in uses of Graph's mail API, for tests, the bench and the harness.
export {
  GraphSimulator,
  startGraphSimulator,
  type FaultSpec,
  type RequestLogEntry,
  type SimulatorOptions,
} from "./simulator-server";
export { Mailbox, newId, type SimAddress, type SimMessage, type SimFolder } from "./mailbox";
export { generateMailbox, type GenerateOptions, type GeneratedCustomer } from "./generate-mailbox";
export { addFixtureMessages, findFixturesDir } from "./fixture-messages";
export { seedDemoMailbox } from "./demo-mailbox";
export { seededRandom } from "../../dev/seeded-random";
export { DELTA_FILTER_CAP } from "./graph-routes";
