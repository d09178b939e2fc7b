/**
 * The sales team's activities (visits, calls, meetings …): read with the engine and aggregated per customer
 * and per rep over the window. Lines never become JavaScript objects; what comes back is one row per
 * customer, per rep and per kind. Nothing is dropped silently: lines are used, outside the window, or
 * rejected with the reason and their line numbers.
 */
import { formatDay } from "../core/dates.js";
import { StrataError, type Warning } from "../core/errors.js";
import type { Window } from "../core/policy.js";
import type { RejectReason } from "../core/summary.js";
import { detectDateFormat } from "./detect.js";
import type { Engine } from "./engine.js";
import { type ColumnMapping, resolveMapping } from "./mapping.js";
import {
  columnRef,
  firstLine,
  inspectSource,
  rawReaderParams,
  rawReaderSql,
  sampleColumns,
} from "./source.js";

export const ACTIVITY_FIELDS = ["customer_id", "date", "kind", "hours", "rep"] as const;
export type ActivityField = (typeof ACTIVITY_FIELDS)[number];

export const ACTIVITY_SYNONYMS: Record<ActivityField, readonly string[]> = {
  customer_id: [
    "customer_id",
    "customerid",
    "customer",
    "customerno",
    "custid",
    "account",
    "accountid",
    "klant",
    "klantnr",
  ],
  date: ["date", "activitydate", "visitdate", "startdate", "start", "datum", "created", "createdat", "when"],
  kind: ["kind", "type", "activitytype", "activity", "channel", "soort", "contacttype"],
  hours: ["hours", "duration", "durationhours", "uren", "duur", "time", "timespent", "hoursspent"],
  rep: [
    "rep",
    "salesrep",
    "user",
    "owner",
    "employee",
    "accountmanager",
    "medewerker",
    "verkoper",
    "assignedto",
  ],
};

/** Hours an activity takes when the file gives none, by kind (lower case); `other` for any other kind. */
export const DEFAULT_KIND_HOURS: Readonly<Record<string, number>> = {
  visit: 2,
  meeting: 1.5,
  demo: 1.5,
  call: 0.25,
  email: 0.1,
  ticket: 0.5,
  other: 0.5,
};

/** Common words for the kinds, so that a Dutch or German export finds its default hours. */
const KIND_SYNONYMS: Readonly<Record<string, string>> = {
  bezoek: "visit",
  besuch: "visit",
  "site visit": "visit",
  afspraak: "meeting",
  vergadering: "meeting",
  termin: "meeting",
  "phone call": "call",
  phone: "call",
  telefoon: "call",
  telefoongesprek: "call",
  anruf: "call",
  "e-mail": "email",
  mail: "email",
};

export function normaliseKind(kind: string): string {
  const k = kind.trim().toLowerCase();
  return KIND_SYNONYMS[k] ?? k;
}

export interface ActivitiesOptions {
  map?: ColumnMapping<ActivityField> | undefined;
  window: Window;
  tmpDir: string;
  /** Hours per kind when an activity gives none; default DEFAULT_KIND_HOURS. */
  kindHours?: Readonly<Record<string, number>> | undefined;
}

export interface Activities {
  file: string;
  mapping: ColumnMapping<ActivityField>;
  dateFormat: string;
  rowsRead: number;
  /** In the window, with a customer: counted. */
  used: number;
  beforeWindow: number;
  afterAsOf: number;
  rowsRejected: number;
  rejects: RejectReason[];
  /** Per kind in the window: activities, how many took the default hours, and the hours each then. */
  kinds: Array<{ kind: string; activities: number; defaulted: number; defaultHours: number }>;
  /** Per customer in the window, ordered by id. */
  customers: { ids: string[]; contacts: Int32Array; hours: Float64Array };
  /** Per rep in the window (null rep: activities without one), ordered by name. */
  reps: { names: (string | null)[]; contacts: Int32Array; hours: Float64Array };
  warnings: Warning[];
}

const REASONS = {
  no_customer: "customer id is empty",
  date_missing: "date is empty",
  date_invalid: "date not in the detected format",
  hours_invalid: "hours is not a number",
  hours_negative: "hours is negative",
} as const;

/** Reads an activities file and aggregates it per customer, rep and kind over the window. */
export async function readActivities(
  engine: Engine,
  file: string,
  opts: ActivitiesOptions,
): Promise<Activities> {
  const src = await inspectSource(engine, file, { what: "Activities file", tmpDir: opts.tmpDir });
  const { mapping } = resolveMapping(src.header, opts.map ?? {}, ACTIVITY_SYNONYMS, file);
  for (const field of ["customer_id", "date"] as const) {
    if (!mapping[field]) {
      throw new StrataError(
        "MISSING_COLUMN",
        `${file}: no column for the ${field === "date" ? "activity date" : "customer id"}. Columns in the file: ${src.header.join(", ")}. Name it with --activities-map ${field}=<column>.`,
        { file, header: src.header },
      );
    }
  }
  const index = (f: ActivityField) => (mapping[f] === undefined ? null : src.header.indexOf(mapping[f]));
  const text = (f: ActivityField) => {
    const i = index(f);
    return i === null ? "NULL::VARCHAR" : `NULLIF(trim(CAST(${columnRef(src, i)} AS VARCHAR)), '')`;
  };
  const sample = await sampleColumns(engine, src, [index("date")]);
  const detected = detectDateFormat(sample.values[0] ?? []);
  if (detected.format === undefined) {
    const first = (sample.values[0] ?? []).slice(0, 3);
    throw new StrataError(
      "BAD_DATE_FORMAT",
      `${file}: the dates in column '${mapping.date}' are in no format Strata knows${first.length ? ` (first values: ${first.map((v) => `'${v}'`).join(", ")})` : " (the column is empty)"}.`,
      { file, column: mapping.date, examples: first },
    );
  }
  const params = [...rawReaderParams(src)];
  const p = (v: string) => {
    params.push(v);
    return `$${params.length}`;
  };
  const pattern = p(detected.format.pattern);
  const after = p(formatDay(opts.window.after));
  const asOf = p(formatDay(opts.window.asOf));
  // Hours as written: 1.5, 1,5 or 1:30.
  const hoursExpr = `CASE WHEN h IS NULL THEN NULL
      WHEN regexp_matches(h, '^\\d+:\\d{2}$') THEN CAST(split_part(h, ':', 1) AS DOUBLE) + CAST(split_part(h, ':', 2) AS DOUBLE) / 60
      ELSE TRY_CAST(replace(h, ',', '.') AS DOUBLE) END`;
  const table = "strata_activities";
  try {
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${table} AS
       SELECT line, cust, d, kind, rep, hrs,
         CASE WHEN cust IS NULL THEN 'no_customer' WHEN dt IS NULL THEN 'date_missing'
           WHEN d IS NULL THEN 'date_invalid' WHEN h IS NOT NULL AND hrs IS NULL THEN 'hours_invalid'
           WHEN hrs < 0 THEN 'hours_negative' END AS bad,
         CASE WHEN d IS NULL THEN NULL WHEN d <= CAST(${after} AS DATE) THEN -1
           WHEN d > CAST(${asOf} AS DATE) THEN 1 ELSE 0 END AS pos,
         raw_date, h
       FROM (SELECT *, CAST(try_strptime(dt, ${pattern}) AS DATE) AS d, ${hoursExpr} AS hrs, dt AS raw_date
         FROM (SELECT row_number() OVER () + ${src.csv?.header === false ? 0 : 1} AS line, ${text("customer_id")} AS cust,
           ${text("date")} AS dt, lower(${text("kind")}) AS kind, ${text("rep")} AS rep, ${text("hours")} AS h
           FROM ${rawReaderSql(src)}))`,
      params,
    );
  } catch (e) {
    throw new StrataError("INPUT_UNREADABLE", `${file} cannot be read: ${firstLine(e)}`, { file });
  }
  try {
    return await summarise(engine, table, file, mapping, detected.format.label, src.xlsx?.rowOfLine, opts);
  } finally {
    await engine.run(`DROP TABLE IF EXISTS ${table}`);
  }
}

async function summarise(
  engine: Engine,
  table: string,
  file: string,
  mapping: ColumnMapping<ActivityField>,
  dateFormat: string,
  rowOfLine: Int32Array | undefined,
  opts: ActivitiesOptions,
): Promise<Activities> {
  const kindHours = opts.kindHours ?? DEFAULT_KIND_HOURS;
  const lineOf = (line: number) => (rowOfLine ? (rowOfLine[line - 2] ?? line) : line);
  const [totals] = await engine.rows(
    `SELECT CAST(count(*) AS INTEGER) AS n,
       CAST(count(*) FILTER (WHERE bad IS NULL AND pos = 0) AS INTEGER) AS used,
       CAST(count(*) FILTER (WHERE bad IS NULL AND pos = -1) AS INTEGER) AS before,
       CAST(count(*) FILTER (WHERE bad IS NULL AND pos = 1) AS INTEGER) AS after,
       CAST(count(*) FILTER (WHERE bad IS NOT NULL) AS INTEGER) AS rejected
     FROM ${table}`,
  );
  const badRows = await engine.rows(
    `SELECT bad, CAST(count(*) AS INTEGER) AS n,
       list(struct_pack(line := line, value := CASE WHEN bad LIKE 'hours%' THEN h WHEN bad LIKE 'date%' THEN raw_date ELSE '' END) ORDER BY line)[1:3] AS examples
     FROM ${table} WHERE bad IS NOT NULL GROUP BY bad ORDER BY min(line)`,
  );
  const columnOf: Record<string, string | undefined> = {
    no_customer: mapping.customer_id,
    date_missing: mapping.date,
    date_invalid: mapping.date,
    hours_invalid: mapping.hours,
    hours_negative: mapping.hours,
  };
  const rejects: RejectReason[] = badRows.map((r) => {
    const code = String(r.bad) as keyof typeof REASONS;
    const examples = (r.examples as Array<{ line: number | bigint; value: string | null }>).map((x) => ({
      line: lineOf(Number(x.line)),
      column: columnOf[code] ?? "",
      value: x.value ?? "",
    }));
    return { reason: REASONS[code] ?? code, count: Number(r.n), examples };
  });
  // Lines without hours take their kind's default: counted per customer and kind, multiplied here.
  const perCustomer = await engine.columns(
    `SELECT cust, kind, CAST(count(*) AS INTEGER) AS n, CAST(count(*) FILTER (WHERE hrs IS NULL) AS INTEGER) AS defaulted,
       coalesce(sum(hrs), 0)::DOUBLE AS given
     FROM ${table} WHERE bad IS NULL AND pos = 0 GROUP BY cust, kind ORDER BY cust, kind`,
  );
  const perRep = await engine.columns(
    `SELECT rep, kind, CAST(count(*) AS INTEGER) AS n, CAST(count(*) FILTER (WHERE hrs IS NULL) AS INTEGER) AS defaulted,
       coalesce(sum(hrs), 0)::DOUBLE AS given
     FROM ${table} WHERE bad IS NULL AND pos = 0 GROUP BY rep, kind ORDER BY rep NULLS LAST, kind`,
  );
  const hoursOf = (kind: string | null) => {
    const k = kind === null ? "other" : normaliseKind(kind);
    return kindHours[k] ?? kindHours.other ?? DEFAULT_KIND_HOURS.other ?? 0.5;
  };
  const group = <K>(res: { columns: unknown[][] }) => {
    const [keys, kinds, ns, defaulted, given] = res.columns as [
      K[],
      (string | null)[],
      number[],
      number[],
      number[],
    ];
    const order: K[] = [];
    const contacts = new Map<K, number>();
    const hours = new Map<K, number>();
    keys.forEach((key, r) => {
      if (!contacts.has(key)) order.push(key);
      contacts.set(key, (contacts.get(key) ?? 0) + (ns[r] ?? 0));
      hours.set(
        key,
        (hours.get(key) ?? 0) + (given[r] ?? 0) + (defaulted[r] ?? 0) * hoursOf(kinds[r] ?? null),
      );
    });
    return {
      keys: order,
      contacts: Int32Array.from(order, (k) => contacts.get(k) ?? 0),
      hours: Float64Array.from(order, (k) => hours.get(k) ?? 0),
    };
  };
  const customers = group<string>(perCustomer);
  const reps = group<string | null>(perRep);
  const kindRows = await engine.rows(
    `SELECT kind, CAST(count(*) AS INTEGER) AS n, CAST(count(*) FILTER (WHERE hrs IS NULL) AS INTEGER) AS defaulted
     FROM ${table} WHERE bad IS NULL AND pos = 0 GROUP BY kind ORDER BY count(*) DESC, kind`,
  );
  const kinds = kindRows.map((r) => {
    const kind = r.kind === null ? "(none)" : String(r.kind);
    return {
      kind,
      activities: Number(r.n),
      defaulted: Number(r.defaulted),
      defaultHours: hoursOf(r.kind as string | null),
    };
  });
  const warnings: Warning[] = [];
  const defaulted = kinds.filter((k) => k.defaulted > 0);
  if (defaulted.length > 0) {
    warnings.push({
      code: "activity_hours_defaulted",
      message: `${file}: ${defaulted.reduce((t, k) => t + k.defaulted, 0)} activities give no hours and count the default of their kind: ${defaulted
        .slice(0, 6)
        .map((k) => `${k.kind} ${k.defaultHours} h (${k.defaulted})`)
        .join(", ")}.`,
    });
  }
  return {
    file,
    mapping,
    dateFormat,
    rowsRead: Number(totals?.n ?? 0),
    used: Number(totals?.used ?? 0),
    beforeWindow: Number(totals?.before ?? 0),
    afterAsOf: Number(totals?.after ?? 0),
    rowsRejected: Number(totals?.rejected ?? 0),
    rejects,
    kinds,
    customers: { ids: customers.keys, contacts: customers.contacts, hours: customers.hours },
    reps: { names: reps.keys, contacts: reps.contacts, hours: reps.hours },
    warnings,
  };
}
