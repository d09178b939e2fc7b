import type cliProgress from "cli-progress";
import type { Io } from "./io.js";

/** A progress bar on stderr, only when stderr is a terminal; shown once a read takes longer than a moment. */
export async function progressReporter(
  io: Io,
  label: string,
): Promise<{ update: (fraction: number) => void; stop: () => void } | undefined> {
  if (!io.interactive) return undefined;
  // Loaded only for a terminal: piped and scripted runs never draw a bar.
  const { default: cliProgress } = await import("cli-progress");
  const started = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  return {
    update: (fraction) => {
      if (!bar && Date.now() - started < 500) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] {percentage}%`,
            stream: process.stderr,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(100, 0);
      }
      bar.update(Math.round(fraction * 100));
    },
    stop: () => bar?.stop(),
  };
}
