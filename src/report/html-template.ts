/**
 * HTML built by a tagged template that escapes every interpolated value unless it is already `SafeHtml`:
 * customer names, file names and reject examples are data and may contain markup.
 */

/** A fragment of HTML that is trusted as is: produced by `html` or `rawHtml`, never from data. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for use in element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** Wraps trusted markup (the stylesheet, the inlined library); never call it with data. */
export function rawHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Renders an interpolated value: SafeHtml as is, arrays joined, null/undefined/false as nothing, the rest escaped. */
function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}

/** Tagged template: html`<td>${name}</td>` escapes `name`. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/**
 * JSON for a `<script type="application/json">` block. `<`, `>` and `&` become \u escapes, so no value can
 * close the script element (`</script>`) or open a comment; U+2028/2029 are escaped for old parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
