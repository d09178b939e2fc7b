/**
 * Where a JSON text first breaks the grammar, and what was expected there. `JSON.parse` says why but not
 * always where (Node 20 gives no position for an unexpected token), and a user editing a settings file by
 * hand needs the line and column.
 */

/** The first syntax error of a JSON text: 1-based line and column, and what was expected instead. */
export interface JsonSyntaxError {
  line: number;
  column: number;
  reason: string;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** The first syntax error of `text`, or undefined when it is valid JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const found = (): string => {
    if (i >= text.length) return "the end of the file";
    if (text.startsWith("//", i) || text.startsWith("/*", i)) return "a comment (JSON has no comments)";
    return `'${text[i]}'`;
  };
  const stop = (expected: string): never => {
    throw new Stop(i, `expected ${expected}, found ${found()}`);
  };
  const space = (): void => {
    while (i < text.length && " \t\n\r".includes(text[i] ?? "")) i++;
  };
  const string = (): void => {
    i++; // the opening quote
    for (;;) {
      const c = text[i];
      if (c === undefined) stop("a closing '\"'");
      if (c === '"') break;
      if (c === "\\") {
        ESCAPE.lastIndex = i;
        if (!ESCAPE.test(text)) stop("an escape such as \\\" or \\n after '\\'");
        i = ESCAPE.lastIndex;
      } else if ((c ?? "") < " ") stop("a closing '\"' on the same line");
      else i++;
    }
    i++;
  };
  const list = (close: "}" | "]", item: () => void): void => {
    i++; // the opening bracket
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      space();
      if (text[i] === close) break;
      if (text[i] !== ",") stop(`',' or '${close}'`);
      i++;
      space();
      if (text[i] === close) throw new Stop(i, `no ',' may stand before '${close}' in JSON`);
    }
    i++;
  };
  const member = (): void => {
    space();
    if (text[i] !== '"') stop("a setting name in double quotes");
    string();
    space();
    if (text[i] !== ":") stop("':' after the setting name");
    i++;
    value();
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === "{") list("}", member);
    else if (c === "[") list("]", value);
    else if (c === '"') string();
    else literal();
  };
  const literal = (): void => {
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    stop("a value (a number, text in double quotes, true, false, null, a list [...] or an object {...})");
  };
  try {
    value();
    space();
    if (i < text.length) stop("nothing more after the end of the settings");
    return undefined;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const before = text.slice(0, e.offset);
    const line = before.split("\n").length;
    return { line, column: e.offset - before.lastIndexOf("\n"), reason: e.reason };
  }
}
