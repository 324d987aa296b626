// `npm run touchbase -- <command>`: see backend/README.md.
import { cliMessage } from "./cli-context";
import { runCli } from "./run-cli";

runCli(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`touchbase: ${cliMessage(error)}`);
    process.exit(1);
  },
);
