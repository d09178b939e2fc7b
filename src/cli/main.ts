#!/usr/bin/env node
import { run } from "./run.js";

// The only place that touches the process: arguments, streams, exit status.
const code = await run(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  interactive: Boolean(process.stderr.isTTY),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  cwd: process.cwd(),
  env: process.env,
});
process.exitCode = code;
