import { describe, expect, it } from "vitest";
import { parseAsOf, parseHorizon, windowFor } from "../../src/core/policy.js";
import { readActivities } from "../../src/engine/activities.js";
import { readTempFile } from "../helpers/analyze.js";

const WINDOW = windowFor(parseAsOf("2024-12-31"), parseHorizon("12m"));

function read(content: string, kindHours?: Record<string, number>) {
  return readTempFile("visits.csv", content, (engine, file, dir) =>
    readActivities(engine, file, { window: WINDOW, tmpDir: dir, kindHours }),
  );
}

// Hand-checked: line numbers count the header as line 1.
const VISITS = [
  "Klant;Datum;Soort;Uren;Verkoper", // 1
  "K1;15-01-2024;bezoek;2,5;Anna", // 2 visit 2.5 h
  "K1;20-02-2024;telefoon;;Anna", // 3 call, default 0.25 h
  "K1;01-03-2024;bezoek;1:30;Anna", // 4 visit 1.5 h
  "K2;05-05-2024;meeting;;Bram", // 5 meeting, default 1.5 h
  "K2;31-12-2023;bezoek;3;Bram", // 6 before the window
  "K3;02-01-2025;bezoek;1;Bram", // 7 after the as-of date
  ";10-06-2024;bezoek;1;Bram", // 8 no customer
  "K3;31-02-2024;bezoek;1;Bram", // 9 no such date
  "K3;10-06-2024;bezoek;-1;Bram", // 10 negative hours
  "K3;11-06-2024;bezoek;een uur;Bram", // 11 hours not a number
  "K4;12-06-2024;workshop;;", // 12 unknown kind, default 'other' 0.5 h, no rep
].join("\n");

describe("activities", () => {
  it("aggregates per customer, rep and kind over the window; default hours by kind; every line accounted for", async () => {
    const a = await read(VISITS);
    expect(a.mapping).toEqual({
      customer_id: "Klant",
      date: "Datum",
      kind: "Soort",
      hours: "Uren",
      rep: "Verkoper",
    });
    expect(a.dateFormat).toBe("DD-MM-YYYY");
    expect([a.rowsRead, a.used, a.beforeWindow, a.afterAsOf, a.rowsRejected]).toEqual([11, 5, 1, 1, 4]);
    expect(a.customers.ids).toEqual(["K1", "K2", "K4"]);
    expect(Array.from(a.customers.contacts)).toEqual([3, 1, 1]);
    expect(Array.from(a.customers.hours)).toEqual([2.5 + 0.25 + 1.5, 1.5, 0.5]);
    expect(a.reps.names).toEqual(["Anna", "Bram", null]);
    expect(Array.from(a.reps.hours)).toEqual([4.25, 1.5, 0.5]);
    expect(a.kinds).toEqual([
      { kind: "bezoek", activities: 2, defaulted: 0, defaultHours: 2 },
      { kind: "meeting", activities: 1, defaulted: 1, defaultHours: 1.5 },
      { kind: "telefoon", activities: 1, defaulted: 1, defaultHours: 0.25 },
      { kind: "workshop", activities: 1, defaulted: 1, defaultHours: 0.5 },
    ]);
    expect(a.rejects).toEqual([
      { reason: "customer id is empty", count: 1, examples: [{ line: 8, column: "Klant", value: "" }] },
      {
        reason: "date not in the detected format",
        count: 1,
        examples: [{ line: 9, column: "Datum", value: "31-02-2024" }],
      },
      { reason: "hours is negative", count: 1, examples: [{ line: 10, column: "Uren", value: "-1" }] },
      {
        reason: "hours is not a number",
        count: 1,
        examples: [{ line: 11, column: "Uren", value: "een uur" }],
      },
    ]);
    expect(a.warnings[0]?.message).toMatch(/3 activities give no hours .*meeting 1\.5 h \(1\)/);
  });

  it("takes the hours per kind from the settings", async () => {
    const a = await read(VISITS, { visit: 2, call: 1, meeting: 1, other: 2 });
    expect(Array.from(a.customers.hours)).toEqual([2.5 + 1 + 1.5, 1, 2]);
  });

  it("stops with the columns listed when there is no customer or date column", async () => {
    await expect(read("who,when\nA,2024-01-01\n")).rejects.toThrow(
      /no column for the customer id\. Columns in the file: who, when\. Name it with --activities-map customer_id=<column>/,
    );
  });
});
