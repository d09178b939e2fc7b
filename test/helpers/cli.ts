import { run } from "../../src/cli/run.js";

/** Runs the CLI in-process with collecting writers. */
export async function cli(args: string[], cwd = process.cwd(), env: Readonly<Record<string, string>> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    interactive: false,
    color: false,
    cwd,
    env,
  });
  return { code, stdout, stderr };
}
