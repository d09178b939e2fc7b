/** Where a command writes: injected so tests can run commands in-process and collect the output. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal (progress bars, colours). */
  interactive: boolean;
  color: boolean;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}
