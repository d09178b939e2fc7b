/** Stable error codes. The CLI maps each to an exit status and one readable line. */
export const ERROR_CODES = [
  "INPUT_NOT_FOUND",
  "INPUT_IS_DIRECTORY",
  "INPUT_UNREADABLE",
  "INPUT_EMPTY",
  "INPUT_NO_ROWS",
  "MISSING_COLUMN",
  "DUPLICATE_COLUMN",
  "BAD_MAPPING",
  "BAD_DATE_FORMAT",
  "BAD_OPTION",
  "BAD_CONFIG",
  "NO_DATA_IN_WINDOW",
  "UNSUPPORTED_FORMAT",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error a user can act on: a code, one sentence, and the facts behind it. */
export class StrataError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "StrataError";
    this.code = code;
    this.details = details;
  }
}

export function isStrataError(e: unknown): e is StrataError {
  return e instanceof StrataError;
}

/** Closes a switch over a closed union: compile error when a case is missing. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${String(x)}`);
}

/** Something suspicious but valid in the input, for the faces to show. */
export interface Warning {
  code: string;
  message: string;
}
