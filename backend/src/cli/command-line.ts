// The CLI's command line: which command, its arguments and options, and a sentence for every mistake (an unknown
// command with the nearest one, a missing argument, an unknown option, an option without its value). Node's
// `parseArgs` splits the words; its own messages never reach the user.
import { parseArgs } from "node:util";

export interface OptionSpec {
  type: "string" | "boolean";
  multiple?: boolean;
  /** The value's placeholder in help, e.g. `<domain>`. */
  value?: string;
  help: string;
}

export interface ArgSpec {
  name: string;
  help: string;
  /** Takes every remaining word (at least one unless optional). */
  variadic?: boolean;
  optional?: boolean;
}

export interface CommandSpec<Ctx = unknown> {
  /** One or two words: `ingest`, `customers create`. */
  name: string;
  summary: string;
  args: ArgSpec[];
  options: Record<string, OptionSpec>;
  /** One example, as the README's command table shows it. */
  example: string;
  /** More lines for `--help`. */
  details?: string;
  run(ctx: Ctx): Promise<unknown>;
}

/** A mistake on the command line: exit code 2, one sentence (and where useful a hint). */
export class UsageError extends Error {
  readonly code = "usage";
  constructor(
    message: string,
    readonly command?: CommandSpec<never>,
  ) {
    super(message);
  }
}

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { type: "boolean", help: "print the result as JSON (errors too, on stderr) for scripts" },
  help: { type: "boolean", help: "show this help" },
};

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface ParsedCommand<Ctx> {
  command: CommandSpec<Ctx> | null;
  /** The group asked about with `<group> --help`, when no command was named. */
  group?: string;
  args: string[];
  options: OptionValues;
  help: boolean;
  json: boolean;
}

/** Levenshtein distance: how many single-letter edits turn one word into the other. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

/** The closest candidate, if it is close enough to be what was meant. */
export function nearest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

const quote = (s: string) => `"${s}"`;

/** Every option of every command, so the command's words can be found before its own options are known. */
function allOptions(commands: CommandSpec<never>[]) {
  const all: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = {};
  for (const c of commands)
    for (const [name, o] of Object.entries(c.options))
      all[name] = { type: o.type, multiple: o.multiple === true };
  for (const [name, o] of Object.entries(GLOBAL_OPTIONS)) all[name] = { type: o.type };
  all.help = { type: "boolean", short: "h" };
  return all;
}

export function parseCommandLine<Ctx>(argv: string[], commands: CommandSpec<Ctx>[]): ParsedCommand<Ctx> {
  const specs = commands as unknown as CommandSpec<never>[];
  const first = parseArgs({ args: argv, options: allOptions(specs), allowPositionals: true, strict: false });
  const words = first.positionals;
  const help = first.values.help === true;
  const json = first.values.json === true;
  const groups = [...new Set(commands.map((c) => c.name.split(" ")[0]))];
  const [group, action] = words;
  if (group === undefined) return { command: null, args: [], options: {}, help, json };
  if (group === "help") {
    // `help customers create` is `customers create --help`.
    return { ...parseCommandLine(words.slice(1), commands), help: true, json };
  }
  const command =
    commands.find((c) => c.name === group) ?? commands.find((c) => c.name === `${group} ${action}`);
  if (!command) {
    if (groups.includes(group) && (action === undefined || help)) {
      if (help) return { command: null, group, args: [], options: {}, help, json };
      const actions = commands.filter((c) => c.name.startsWith(`${group} `)).map((c) => c.name);
      throw new UsageError(`${quote(group)} needs a command: ${actions.map((a) => quote(a)).join(", ")}.`);
    }
    const asked = [group, action].filter(Boolean).join(" ");
    const names = commands.map((c) => c.name);
    const twoWords = names.filter((n) => n.includes(" "));
    const guess =
      nearest(asked, names) ??
      (action === undefined ? undefined : nearest(`${group} ${action}`, twoWords)) ??
      nearest(group, groups);
    if (groups.includes(group)) {
      const actions = commands.filter((c) => c.name.startsWith(`${group} `)).map((c) => c.name.split(" ")[1]);
      const close = nearest(action as string, actions);
      throw new UsageError(
        `${quote(group)} has no command ${quote(action as string)}` +
          (close
            ? `; did you mean ${quote(`${group} ${close}`)}?`
            : `; it has ${actions.map(quote).join(", ")}.`),
      );
    }
    throw new UsageError(
      `Unknown command ${quote(asked)}.` +
        (guess ? ` Did you mean ${quote(guess)}?` : "") +
        " Run `npm run touchbase -- --help` for the list of commands.",
    );
  }
  const skip = command.name.split(" ").length;
  return { ...parseFor(command, argv, skip, help), help, json };
}

/** The words after the command's name, read with this command's options only. */
function parseFor<Ctx>(command: CommandSpec<Ctx>, argv: string[], skip: number, help: boolean) {
  const spec = command as unknown as CommandSpec<never>;
  const known = { ...command.options, ...GLOBAL_OPTIONS };
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = {};
  for (const [name, o] of Object.entries(known))
    options[name] = { type: o.type, multiple: o.multiple === true };
  options.help.short = "h";
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  for (const token of tokens ?? []) {
    if (token.kind !== "option") continue;
    const option = known[token.name];
    const written = token.rawName;
    if (!option) {
      const guess = nearest(token.name, Object.keys(known));
      throw new UsageError(
        `${quote(command.name)} has no option ${written}` +
          (guess
            ? `; did you mean --${guess}?`
            : `; its options are ${
                Object.keys(command.options)
                  .map((o) => `--${o}`)
                  .join(", ") || "only --json and --help"
              }.`),
        spec,
      );
    }
    if (option.type === "string" && token.value === undefined) {
      throw new UsageError(`${written} needs a value: ${written} ${option.value ?? "<value>"}.`, spec);
    }
    if (option.type === "boolean" && token.inlineValue) {
      throw new UsageError(`${written} takes no value (write just ${written}).`, spec);
    }
  }
  const args = positionals.slice(skip);
  if (help) return { command, args, options: values as OptionValues };
  const wanted = command.args;
  const required = wanted.filter((a) => !a.optional).length;
  if (args.length < required) {
    const missing = wanted[args.length];
    throw new UsageError(`Missing ${missing.name}: ${missing.help}.`, spec);
  }
  const variadic = wanted.some((a) => a.variadic);
  if (!variadic && args.length > wanted.length) {
    const extra = args.slice(wanted.length).map(quote).join(" ");
    throw new UsageError(
      `Too many arguments for ${quote(command.name)}: ${extra}` +
        (wanted.length
          ? ` (it takes ${wanted.map((a) => a.name).join(" ")}; quote a name that has spaces).`
          : " (it takes none)."),
      spec,
    );
  }
  return { command, args, options: values as OptionValues };
}

function usageLine(c: CommandSpec<never>): string {
  const args = c.args.map((a) => (a.optional ? `[${a.name}]` : a.name) + (a.variadic ? "…" : "")).join(" ");
  return `npm run touchbase -- ${c.name}${args ? ` ${args}` : ""}${Object.keys(c.options).length ? " [options]" : ""}`;
}

export function commandHelp(c: CommandSpec<never>): string {
  const lines = [`Usage: ${usageLine(c)}`, "", c.summary];
  if (c.details) lines.push("", c.details);
  if (c.args.length) {
    lines.push("", "Arguments:");
    for (const a of c.args) lines.push(`  ${a.name.padEnd(26)}${a.help}`);
  }
  lines.push("", "Options:");
  for (const [name, o] of Object.entries({ ...c.options, ...GLOBAL_OPTIONS })) {
    const flag = `--${name}${o.type === "string" ? ` ${o.value ?? "<value>"}` : ""}`;
    lines.push(`  ${flag.padEnd(26)}${o.help}${o.multiple ? " (repeat for several)" : ""}`);
  }
  lines.push("", "Example:", `  ${c.example}`);
  return lines.join("\n");
}

export const EXIT_CODES = `Exit codes: 0 done · 1 the command was refused or failed (the message says why) · 2 the command line is wrong
(unknown command or option, missing argument) · 3 the database could not be opened (held by a running server,
unreachable, or a bad setting).`;

export function overview(commands: CommandSpec<never>[], group?: string): string {
  const shown = group ? commands.filter((c) => c.name.split(" ")[0] === group) : commands;
  const lines = ["Usage: npm run touchbase -- <command> [arguments] [options]", "", "Commands:"];
  for (const c of shown) lines.push(`  ${c.name.padEnd(20)}${c.summary}`);
  lines.push(
    "",
    "Every command takes --help (what it does, its options, an example) and --json (output for scripts).",
    "`--workspace <name or id>` picks the workspace when there are several.",
    "The database is the server's: TOUCHBASE_DATA (embedded, default ./.touchbase/data) or DATABASE_URL.",
    "",
    EXIT_CODES,
  );
  return lines.join("\n");
}
