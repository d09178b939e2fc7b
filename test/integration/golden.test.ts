import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseIsoDay } from "../../src/core/dates.js";
import { analyze, FIXTURES } from "../helpers/analyze.js";

const dir = join(FIXTURES, "golden");
const asOf = parseIsoDay("2024-12-31");

describe("golden fixture (worked out by hand in test/fixtures/golden/EXPECTED.md)", async () => {
  const result = await analyze(join(dir, "invoices.csv"), { asOf, customers: join(dir, "customers.csv") });
  const s = result.summary;
  const rows = [...result.rows()];
  const row = (id: string) => rows.find((r) => r.customer_id === id);

  it("accounts for every line", () => {
    expect(s.data.linesRead).toBe(31);
    expect(s.data.linesRejected).toBe(2);
    expect(s.data.linesWithoutCustomer).toBe(1);
    expect(s.data.revenueWithoutCustomer).toBe(99.99);
    expect(s.data.linesBeforeWindow).toBe(4);
    expect(s.data.linesAfterAsOf).toBe(1);
    expect(s.data.linesUsed).toBe(23);
    expect(
      s.data.linesUsed + s.data.linesRejected + s.data.linesWithoutCustomer + s.data.linesOutsideWindow,
    ).toBe(s.data.linesRead);
  });

  it("names each rejected line with its line number, column and value", () => {
    const examples = s.data.rejects.flatMap((r) => r.examples.map((e) => ({ reason: r.reason, ...e })));
    expect(examples).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 31, column: "InvoiceDate", value: "not-a-date" }),
        expect.objectContaining({ line: 32, column: "Amount", value: "abc" }),
      ]),
    );
    expect(s.data.rejects.map((r) => r.reason).join(" | ")).toMatch(
      /date not in the detected format YYYY-MM-DD/,
    );
  });

  it("uses the window (2024-01-01 … 2024-12-31) and revenue as the measure", () => {
    expect(s.window).toMatchObject({
      firstDay: "2024-01-01",
      lastDay: "2024-12-31",
      asOf: "2024-12-31",
      asOfSource: "option",
    });
    expect(s.measure).toBe("revenue");
    expect(s.mapping).toMatchObject({
      customer_id: "CustomerID",
      date: "InvoiceDate",
      revenue: "Amount",
      invoice_id: "InvoiceNo",
    });
  });

  it("classifies ABC 80/95 by hand", () => {
    expect(s.abc.classes.map((c) => [c.label, c.customers, c.value])).toEqual([
      ["A", 6, 810],
      ["B", 5, 145],
      ["C", 5, 45],
    ]);
    expect(rows.filter((r) => r.abc === "A").map((r) => r.customer_id)).toEqual([
      "C01",
      "C02",
      "C03",
      "C04",
      "C05",
      "C06",
    ]);
    expect(row("C06")?.cum_share).toBeCloseTo(0.81, 12);
    expect(row("C11")?.abc).toBe("B");
    expect(row("C12")?.abc).toBe("C");
  });

  it("breaks ties by customer id and counts invoices", () => {
    expect(row("C03")?.rank).toBe(3);
    expect(row("C04")?.rank).toBe(4);
    expect(row("C01")?.invoices).toBe(2);
    expect(row("C04")?.invoices).toBe(2);
    expect(row("C04")?.recency_days).toBe(31);
  });

  it("builds the pyramid by hand", () => {
    const layers = Object.fromEntries(s.pyramid.layers.map((l) => [l.layer, l.customers]));
    expect(layers).toEqual({
      Top: 1,
      Big: 0,
      Medium: 3,
      Small: 12,
      NonPositive: 2,
      Inactive: 2,
      Prospect: 2,
      Suspect: 3,
    });
    expect(row("C17")?.pyramid).toBe("NonPositive");
    expect(row("C17")?.value).toBe(0);
    expect(row("C18")?.value).toBe(-20);
    expect(row("C19")?.pyramid).toBe("Inactive");
    expect(row("C21")?.pyramid).toBeNull();
    expect(row("C01")?.name).toBe("Alpha Trading BV");
  });

  it("measures concentration by hand", () => {
    const c = s.concentration;
    expect(c.activeCustomers).toBe(16);
    expect(c.totalValue).toBe(1000);
    expect(c.customersFor80).toBe(6);
    expect(c.top1Share).toBeCloseTo(0.3, 12);
    expect(c.top5Share).toBeCloseTo(0.76, 12);
    expect(c.top10Share).toBeCloseTo(0.935, 12);
    expect(c.top20PercentShare).toBeCloseTo(0.7, 12);
    expect(c.hhi).toBeCloseTo(0.161, 12);
    expect(c.gini).toBeCloseTo(0.579375, 12);
    expect(c.keyClients.map((k) => k.customerId)).toEqual(["C01", "C02", "C03", "C04"]);
    expect(c.monopolyClients.map((k) => k.customerId)).toEqual(["C01", "C02"]);
  });

  it("reports the customer list matching", () => {
    expect(s.customerList).toMatchObject({
      rowsRead: 12,
      rowsUsed: 12,
      listedWithoutInvoices: 6,
      invoicedNotListed: 14,
    });
    expect(s.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(["listed_without_invoices", "invoiced_not_listed", "monopoly_client"]),
    );
  });
});

describe("the one-pass plan (as-of known) and the scan plan (as-of from the data) agree", async () => {
  // Without --as-of the latest date (2025-01-05) is found by a scan; giving it reads the file once.
  const scanned = await analyze(join(dir, "invoices.csv"));
  const direct = await analyze(join(dir, "invoices.csv"), { asOf: parseIsoDay("2025-01-05") });
  it("gives the same customers, figures and summary", () => {
    expect(scanned.summary.window).toEqual({ ...direct.summary.window, asOfSource: "latest invoice" });
    expect([...scanned.rows()]).toEqual([...direct.rows()]);
    expect(scanned.summary.data).toEqual(direct.summary.data);
    expect(scanned.summary.abc).toEqual(direct.summary.abc);
  });
});
