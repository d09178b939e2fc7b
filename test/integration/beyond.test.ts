/**
 * The app layer beyond billing: the customer book built from invoices, the customer list, the previous
 * window and the activities, end to end through analyzeFile. Every expected figure is worked out by hand
 * in the comments beside the files.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AnalyzeResult } from "../../src/app/analyze.js";
import { horizonYears } from "../../src/app/beyond.js";
import { makePolicy, parseAsOf } from "../../src/core/policy.js";
import { analyze, tempDir } from "../helpers/analyze.js";

// Window 2024 (as of 2024-12-31, 12 months); the previous window is 2023.
// Revenue 2024: K1 1000, K2 600, K3 250, K4 100, K5 50 = 2000 → cum 50, 80, 92.5, 97.5, 100:
// A = K1, K2 (K2 reaches 80); B = K3, K4 (K4 crosses 95); C = K5.
// Revenue 2023: K3 900, K1 500, K6 100 = 1500 → cum 60, 93.3, 100: A = K3, K1; B = K6.
const INVOICES = [
  "invoice_id,customer_id,date,revenue",
  "I1,K1,2024-03-01,1000",
  "I2,K2,2024-04-01,600",
  "I3,K3,2024-05-01,250",
  "I4,K4,2024-06-01,100",
  "I5,K5,2024-07-01,50",
  "I6,K1,2023-03-01,500",
  "I7,K3,2023-04-01,900",
  "I8,K6,2023-05-01,100",
].join("\n");

// K6 bought but is not listed; K7 is listed (a prospect) but never bought.
const CUSTOMERS = [
  "customer_id,name,status,account_manager,potential,region,tags",
  "K1,Alpha,customer,Anna,1200,North,",
  "K2,Beta,customer,Bert,3000,North,kol",
  "K3,Gamma,customer,Anna,400,South,",
  "K4,Delta,customer,Bert,5000,South,partner;famous",
  "K5,Epsilon,customer,,,South,",
  "K7,Zeta,prospect,Anna,8000,North,",
].join("\n");

// In the window: K1 2 contacts (2 h + a call's default 0.25 h), K4 2 contacts (6 h); X9 matches no one.
const ACTIVITIES = [
  "customer_id,date,kind,hours,rep",
  "K1,2024-02-01,visit,2,Anna",
  "K1,2024-05-01,call,,Anna",
  "K4,2024-03-01,visit,3,Bert",
  "K4,2024-03-02,visit,3,Bert",
  "X9,2024-04-01,visit,1,Bert",
  "K2,2023-12-01,visit,2,Bert",
].join("\n");

const REPS = ["rep,fte", "Anna,1", "Bert,0.5"].join("\n");

let dir: string;
let result: AnalyzeResult;

async function run(extra: Parameters<typeof analyze>[1] = {}) {
  return analyze(join(dir, "invoices.csv"), {
    customers: join(dir, "customers.csv"),
    asOf: parseAsOf("2024-12-31"),
    measure: "revenue",
    activities: join(dir, "activities.csv"),
    displayActivities: "activities.csv",
    ...extra,
  });
}

beforeAll(async () => {
  dir = await tempDir();
  await writeFile(join(dir, "invoices.csv"), INVOICES);
  await writeFile(join(dir, "customers.csv"), CUSTOMERS);
  await writeFile(join(dir, "activities.csv"), ACTIVITIES);
  await writeFile(join(dir, "reps.csv"), REPS);
  result = await run({ by: "region" });
});

function at(id: string): number {
  const i = result.beyond?.book.ids.indexOf(id) ?? -1;
  expect(i, id).toBeGreaterThanOrEqual(0);
  return i;
}

describe("beyond billing through analyzeFile", () => {
  it("builds the book: every invoiced and listed customer once, classes of the window", () => {
    const b = result.beyond;
    expect(b).not.toBeNull();
    const book = b?.book;
    expect([...(book?.ids ?? [])].sort()).toEqual(["K1", "K2", "K3", "K4", "K5", "K6", "K7"]);
    expect(["K1", "K2", "K3", "K4", "K5", "K6", "K7"].map((id) => book?.abc[at(id)])).toEqual([
      "A",
      "A",
      "B",
      "B",
      "C",
      null,
      null,
    ]);
    expect(book?.windowYears).toBe(1);
    expect(book?.keyClient[at("K1")]).toBe(1); // 50% ≥ 10%
  });

  it("joins the list's potential, tags, managers and status by id", () => {
    const book = result.beyond?.book;
    expect(book?.potential[at("K2")]).toBe(3000);
    expect(book?.potential[at("K7")]).toBe(8000);
    expect(Number.isNaN(book?.potential[at("K5")])).toBe(true); // empty cell
    expect(Number.isNaN(book?.potential[at("K6")])).toBe(true); // not listed
    expect(book?.tags[at("K4")]).toEqual(["partner", "famous"]);
    expect(book?.accountManager[at("K3")]).toBe("Anna");
    expect(book?.status[at("K7")]).toBe("prospect");
    expect(book?.name[at("K6")]).toBeNull();
  });

  it("takes the previous window from the same scan, without adding it to `more`", () => {
    const book = result.beyond?.book;
    expect(result.more).toHaveLength(0);
    expect(book?.previousValue[at("K3")]).toBe(900);
    expect(book?.previousValue[at("K1")]).toBe(500);
    expect(book?.previousValue[at("K2")]).toBe(0); // no line in 2023
    expect(book?.previousAbc[at("K3")]).toBe("A");
    expect(book?.previousAbc[at("K6")]).toBe("B");
    // K3: A → B and value −72%: at risk, with both reasons.
    const s = result.beyond?.strategy;
    expect(s?.atRisk[at("K3")]).toBe(1);
    expect(s?.atRiskReasons[at("K3")]?.join(" ")).toMatch(/A → B/);
  });

  it("share of wallet and potential classes come from the joined potential", () => {
    const p = result.beyond?.potential;
    expect(p?.shareOfWallet[at("K1")]).toBeCloseTo(1000 / 1200, 12);
    expect(p?.shareOfWallet[at("K3")]).toBeCloseTo(250 / 400, 12);
    expect(p?.shareOfWallet[at("K4")]).toBeCloseTo(100 / 5000, 12);
    // Potential 8000, 5000, 3000, 1200, 400 = 17 600 → cum 45.5, 73.9, 90.9 …: A = K7, K4, K2.
    expect(p?.prospective.map((x) => x.id)).toEqual(["K7", "K4", "K2"]);
  });

  it("joins activities by id, counts the ones matching nobody, and keeps the window", () => {
    const b = result.beyond;
    expect(b?.book.hasActivities).toBe(true);
    expect(b?.book.contacts[at("K1")]).toBe(2);
    expect(b?.book.hours[at("K1")]).toBeCloseTo(2.25, 12);
    expect(b?.book.hours[at("K4")]).toBe(6);
    expect(b?.book.contacts[at("K2")]).toBe(0); // its visit is before the window
    expect(b?.activities).toMatchObject({
      file: "activities.csv",
      rowsRead: 6,
      used: 5,
      beforeWindow: 1,
      customers: 3,
      unmatchedCustomers: 1,
      unmatchedActivities: 1,
      unmatchedHours: 1,
      unmatchedSample: ["X9"],
    });
    expect(result.summary.warnings.map((w) => w.code)).toContain("activities_unmatched");
  });

  it("plans the team from the account managers by default, from a reps file when given", async () => {
    expect(result.beyond?.reps).toMatchObject({ source: "account managers", reps: 2, hours: 2200 });
    const withReps = await run({
      team: { source: "file", file: join(dir, "reps.csv"), displayFile: "reps.csv" },
    });
    expect(withReps.beyond?.reps).toMatchObject({ source: "file", file: "reps.csv", reps: 2, hours: 1650 });
    expect(withReps.beyond?.coverage.capacity.availableHours).toBe(1650);
    const three = await run({ team: { source: "option", reps: 3 } });
    expect(three.beyond?.coverage.capacity.availableHours).toBe(3300);
  });

  it("--by region: classes within each group, the overall class beside them", () => {
    const g = result.groups;
    expect(g?.column).toBe("region");
    // North: K1 1000, K2 600, K7 0 → A, A; South: K3 250, K4 100, K5 50 = 400 → cum 62.5, 87.5, 100: A, A, B.
    expect(g?.groups.map((x) => [x.group, x.customers, x.ranked, x.value])).toEqual([
      ["North", 3, 2, 1600],
      ["South", 3, 3, 400],
      [null, 1, 0, 0],
    ]);
    const cls = (id: string) => g?.groupAbc[at(id)];
    expect(["K1", "K2", "K3", "K4", "K5", "K6", "K7"].map(cls)).toEqual([
      "A",
      "A",
      "A",
      "A",
      "B",
      null,
      null,
    ]);
    expect(g?.differ).toBe(3); // K3 B → A, K4 B → A, K5 C → B
    expect(g?.groups[0]?.valueShare).toBeCloseTo(0.8, 12);
  });

  it("--by names an unknown column, or comes without a customer list: a clear error", async () => {
    await expect(run({ by: "land" })).rejects.toThrow(/no such column.*region/);
    await expect(
      analyze(join(dir, "invoices.csv"), { asOf: parseAsOf("2024-12-31"), by: "region" }),
    ).rejects.toThrow(/--customers/);
  });

  it("follows the analysis's thresholds and horizon", async () => {
    const r = await run({ policy: makePolicy({ abcThresholds: [50, 80, 100] }) });
    expect(r.beyond?.potential.settings.potentialThresholds).toEqual([50, 80, 100]);
    expect(r.beyond?.strategy.settings.tierCuts).toEqual([0.5, 0.2]);
    expect(horizonYears({ count: 6, unit: "month" })).toBe(0.5);
    expect(horizonYears({ count: 52, unit: "week" })).toBeCloseTo(364 / 365.25, 12);
  });
});
