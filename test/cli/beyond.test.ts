/**
 * The commands beyond billing end to end (potential, profit, strategy, coverage, analyze with activities
 * and --by), the policy file, and bad input in the customer list, the activities and the reps file: each a
 * clear message, nothing lost.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/analyze.js";
import { cli } from "../helpers/cli.js";

let dir: string;

async function file(name: string, content: string): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, content);
  return p;
}

/** A user error: exit 1, a clear message on stderr, no stack trace. */
function expectUserError(r: { code: number; stderr: string }, pattern: RegExp) {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
  expect(r.stderr).not.toMatch(/internal error/);
}

// Window 2024; revenue K1 1000, K2 600, K3 250, K4 100, K5 50 (A K1 K2, B K3 K4, C K5); cost gives margin.
const INVOICES = [
  "invoice_id,customer_id,date,revenue,cost",
  "I1,K1,2024-03-01,1000,980",
  "I2,K2,2024-04-01,600,300",
  "I3,K3,2024-05-01,250,100",
  "I4,K4,2024-06-01,100,40",
  "I5,K5,2024-07-01,50,20",
  "I6,K3,2023-04-01,900,500",
].join("\n");

const CUSTOMERS = [
  "customer_id,name,status,account_manager,potential,region,tags",
  "K1,Alpha,customer,Anna,1200,North,",
  "K2,Beta,customer,Bert,3000,North,kol",
  "K3,Gamma,customer,Anna,400,South,",
  "K4,Delta,customer,Bert,5000,South,partner",
  "K5,Epsilon,customer,Anna,,South,",
  "K7,Zeta,prospect,Anna,8000,North,",
].join("\n");

const ACTIVITIES = [
  "customer_id,date,kind,hours,rep",
  "K1,2024-02-01,visit,2,Anna",
  "K5,2024-03-01,visit,3,Anna",
  "K5,2024-03-02,visit,3,Anna",
  "K5,2024-04-02,visit,4,Anna",
  "X9,2024-04-01,visit,1,Bert",
].join("\n");

let invoices: string;
let customers: string;
let activities: string;

beforeAll(async () => {
  dir = await tempDir();
  invoices = await file("invoices.csv", INVOICES);
  customers = await file("customers.csv", CUSTOMERS);
  activities = await file("activities.csv", ACTIVITIES);
});

const base = () => [invoices, "--customers", customers, "--as-of", "2024-12-31"];

describe("the commands beyond billing", () => {
  it("potential: the matrix and the prospective list; --out writes potential.csv; --json parses", async () => {
    const r = await cli(["potential", ...base(), "--out", join(dir, "pot")]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Zeta/); // prospect with the largest potential, no purchases
    const csv = await readFile(join(dir, "pot", "potential.csv"), "utf8");
    expect(csv.split("\n")[0]).toMatch(
      /^customer_id,value_class,potential,potential_class,share_of_wallet,cell/,
    );
    const json = JSON.parse((await cli(["potential", ...base(), "--json"])).stdout);
    expect(json.prospective.map((x: { id: string }) => x.id)).toEqual(["K7", "K4", "K2"]);
  });

  it("profit: K1 is big in revenue and earns 2%: flagged", async () => {
    const r = await cli(["profit", ...base(), "--activities", activities, "--out", join(dir, "profit")]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse((await cli(["profit", ...base(), "--json"])).stdout);
    expect(json.margin.flagged.map((f: { id: string }) => f.id)).toContain("K1");
    const csv = await readFile(join(dir, "profit", "profitability.csv"), "utf8");
    expect(csv.split("\n")[0]).toMatch(
      /^customer_id,revenue_class,margin_class,margin_pct,attention_hours,profile/,
    );
  });

  it("strategy: tiers beside ABC, with the reason when they differ", async () => {
    const json = JSON.parse((await cli(["strategy", ...base(), "--json"])).stdout);
    const k3 = json.atRisk.find((x: { customerId: string }) => x.customerId === "K3");
    expect(k3.reasons.join(" ")).toMatch(/value falling/);
    expect(json.differences.length).toBeGreaterThan(0);
  });

  it("coverage: capacity from --reps N --hours-per-rep H; K5 (C) over-served; files written", async () => {
    const out = join(dir, "cov");
    const r = await cli([
      "coverage",
      ...base(),
      "--activities",
      activities,
      "--reps",
      "2",
      "--hours-per-rep",
      "1000",
      "--measure",
      "revenue",
      "--out",
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const capacity = JSON.parse(await readFile(join(out, "capacity.json"), "utf8"));
    expect(capacity.capacity.availableHours).toBe(2000);
    const csv = await readFile(join(out, "coverage.csv"), "utf8");
    const k5 = csv.split("\n").find((l) => l.startsWith("K5,"));
    expect(k5).toMatch(/over-served/);
    // The activity of X9 matches nobody: said, not dropped.
    expect(r.stdout).toMatch(/X9/);
  });

  it("analyze with activities and --by: every file, groups.csv, sheets and report sections", async () => {
    const out = join(dir, "all");
    const r = await cli(["analyze", ...base(), "--activities", activities, "--by", "region", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    for (const f of [
      "customers.csv",
      "potential.csv",
      "profitability.csv",
      "strategy.csv",
      "coverage.csv",
      "capacity.json",
      "groups.csv",
      "report.html",
    ]) {
      await expect(readFile(join(out, f), "utf8"), f).resolves.toBeTruthy();
    }
    const groups = await readFile(join(out, "groups.csv"), "utf8");
    expect(groups.split("\n")[0]).toMatch(/^customer_id,group,group_abc/);
    expect(r.stdout).toMatch(/North/);
  });
});

describe("the policy file", () => {
  it("strata.config.json in the working folder sets the thresholds; a flag overrides it", async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, "strata.config.json"), JSON.stringify({ analysis: { abc: [50, 80] } }));
    const fromFile = JSON.parse((await cli(["analyze", ...base(), "--json"], cwd)).stdout);
    expect(fromFile.abc.thresholds).toEqual([50, 80]);
    expect(fromFile.strata.config).toBe("strata.config.json");
    const flag = JSON.parse((await cli(["analyze", ...base(), "--json", "--abc", "70,90"], cwd)).stdout);
    expect(flag.abc.thresholds).toEqual([70, 90]);
  });

  it("a bad setting names the file, the setting and the value", async () => {
    const cwd = await tempDir();
    await writeFile(
      join(cwd, "strata.config.json"),
      JSON.stringify({ coverage: { levels: { A: { contactsPerYear: "twelve" } } } }),
    );
    expectUserError(await cli(["coverage", ...base()], cwd), /strata\.config\.json.*coverage\.levels\.A/);
  });
});

describe("bad input beyond billing: a clear message, nothing lost", () => {
  it("customer list: unknown status values, potential not a number, duplicate ids", async () => {
    const list = await file(
      "bad-customers.csv",
      [
        "customer_id,name,status,potential",
        "K1,Alpha,customer,1200",
        "K2,Beta,vip,3000",
        "K3,Gamma,customer,lots",
        "K1,Alpha again,customer,5",
        "K4,Delta,vip,100",
      ].join("\n"),
    );
    const r = await cli(["analyze", invoices, "--customers", list, "--as-of", "2024-12-31"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/status values not understood.*'vip' \(2\)/);
    expect(r.stdout).toMatch(/potential is not a number.*1 row/);
    expect(r.stdout).toMatch(/line 4, column potential: 'lots'/);
    expect(r.stdout).toMatch(/customer id listed before.*1 row/);
    expect(r.stdout).toMatch(/line 5, column customer_id: 'K1'/);
    // Rows read 5 = used 4 + rejected 1.
    expect(r.stdout).toMatch(/Rows read\s+5/);
    expect(r.stdout).toMatch(/Rows used\s+4/);
    expect(r.stdout).toMatch(/Rows rejected\s+1/);
  });

  it("activities: negative hours and a bad date rejected with their lines; an unknown id counted", async () => {
    const bad = await file(
      "bad-activities.csv",
      [
        "customer_id,date,kind,hours,rep",
        "K1,2024-02-01,visit,2,Anna",
        "K1,2024-02-02,visit,-2,Anna",
        "K2,2024-13-45,call,0.5,Bert",
        "Z1,2024-03-01,visit,1,Bert",
      ].join("\n"),
    );
    const r = await cli(["coverage", ...base(), "--activities", bad]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/hours is negative/);
    expect(r.stdout).toMatch(/line 3/);
    expect(r.stdout).toMatch(/line 4/);
    expect(r.stdout).toMatch(/Z1/);
  });

  it("activities without a date column, a reps file that does not exist, bad --hours-per-rep, unknown --by", async () => {
    const nodate = await file("nodate.csv", "customer_id,kind\nK1,visit\n");
    expectUserError(
      await cli(["coverage", ...base(), "--activities", nodate]),
      /nodate\.csv: no column for the activity date.*--activities-map date=/,
    );
    expectUserError(await cli(["coverage", ...base(), "--reps", "team.csv"]), /team\.csv/);
    expectUserError(
      await cli(["coverage", ...base(), "--hours-per-rep", "-3"]),
      /--hours-per-rep expects a number above 0; got '-3'/,
    );
    expectUserError(await cli(["analyze", ...base(), "--by", "land"]), /no such column.*region/);
    expectUserError(
      await cli(["coverage", ...base(), "--activities", activities, "--activities-map", "klant=customer_id"]),
      /--activities-map: unknown field 'klant'. Known fields: customer_id, date, kind, hours, rep/,
    );
    expectUserError(
      await cli(["potential", invoices, "--customers", customers, "--customers-map", "potentie"]),
      /--customers-map expects field=Column pairs/,
    );
  });
});
