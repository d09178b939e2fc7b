import type { CustomerRow, Summary } from "../../src/core/summary.js";

/**
 * A hand-made summary: 12 active customers with margins 300, 150, 100, 90, 80, 70, 60, 50, 40, 30, 20, 10
 * (total 1000). ABC at 80/95: A = C01…C07 (cum 85%), B = C08…C10 (97%), C = C11, C12. Pyramid (N = 12):
 * Top = ceil(0.12) = 1, Big = ceil(0.6) = 1 → none, Medium = ceil(2.4) = 3 → C02, C03, Small = 9.
 * C01 has 30% (monopoly), C02 15% (key client). Gini 0.4333, HHI 0.151. Names carry hostile text on
 * purpose: markup, quotes, commas, newlines.
 */
const active: Array<[id: string, name: string | null, value: number]> = [
  ["C01", "Acme <script>alert('x')</script> Ltd", 300],
  ["C02", 'Beta, Bros & "Sons"', 150],
  ["C03", "Gamma\nTwo lines", 100],
  ["C04", "Delta", 90],
  ["C05", "Epsilon", 80],
  ["C06", "Zeta", 70],
  ["C07", "Eta", 60],
  ["C08", "Theta", 50],
  ["C09", null, 40],
  ["C10", "Kappa", 30],
  ["C11", "Lambda", 20],
  ["C12", "Mu", 10],
];

const TOTAL = 1000;

function abcOf(rank: number): string {
  return rank <= 7 ? "A" : rank <= 10 ? "B" : "C";
}

function pyramidOf(rank: number): string {
  return rank === 1 ? "Top" : rank <= 3 ? "Medium" : "Small";
}

/** All customer rows, ranked ones first, as customers.csv would hold them. */
export function fixtureRows(): CustomerRow[] {
  let cum = 0;
  const ranked = active.map(([id, name, value], i): CustomerRow => {
    cum += value;
    return {
      customer_id: id,
      name,
      revenue: value * 4 + 0.1 + 0.2,
      cost: value * 3 + 0.3,
      margin: value,
      invoices: 12 - i,
      first_date: "2011-01-03",
      last_date: `2011-12-${String(9 - (i % 9)).padStart(2, "0")}`,
      recency_days: i % 9,
      value,
      rank: i + 1,
      share: value / TOTAL,
      cum_share: cum / TOTAL,
      abc: abcOf(i + 1),
      pyramid: pyramidOf(i + 1),
    };
  });
  const unranked: CustomerRow[] = [
    {
      customer_id: "C13",
      name: "Nu returns",
      revenue: -25.5,
      cost: null,
      margin: null,
      invoices: 2,
      first_date: "2011-03-01",
      last_date: "2011-04-01",
      recency_days: 252,
      value: -25.5,
      rank: null,
      share: null,
      cum_share: null,
      abc: null,
      pyramid: "NonPositive",
    },
    {
      customer_id: "C14",
      name: "Xi",
      revenue: 0.1 + 0.2 - 0.3,
      cost: 0,
      margin: 0.1 + 0.2 - 0.3,
      invoices: 2,
      first_date: "2011-05-01",
      last_date: "2011-05-02",
      recency_days: 221,
      value: 0,
      rank: null,
      share: null,
      cum_share: null,
      abc: null,
      pyramid: "NonPositive",
    },
  ];
  return [...ranked, ...unranked];
}

/** The summary of the fixture, every figure worked out by hand (see the comment above). */
export function fixtureSummary(): Summary {
  const rows = fixtureRows();
  let cum = 0;
  const curve: Array<[number, number]> = [[0, 0]];
  active.forEach(([, , v], i) => {
    cum += v;
    curve.push([(i + 1) / 12, cum / TOTAL]);
  });
  return {
    strata: { version: "0.1.0" },
    data: {
      file: "sales.csv",
      format: "csv",
      reading: { delimiter: "','", encoding: "utf-8" },
      linesRead: 1234,
      linesUsed: 1212,
      linesWithoutCustomer: 5,
      revenueWithoutCustomer: 123.45,
      linesOutsideWindow: 9,
      linesBeforeWindow: 8,
      linesAfterAsOf: 1,
      linesRejected: 8,
      rejects: [
        {
          reason: "bad date",
          count: 6,
          examples: [
            { line: 7, column: "InvoiceDate", value: "31/02/2011" },
            { line: 19, column: "InvoiceDate", value: "" },
            { line: 33, column: "InvoiceDate", value: "yesterday" },
          ],
        },
        {
          reason: "non-numeric amount",
          count: 2,
          examples: [
            { line: 12, column: "Amount", value: "12,3,4" },
            { line: 40, column: "Amount", value: "</script><script>alert(1)</script>" },
          ],
        },
      ],
      firstDate: "2010-12-01",
      lastDate: "2011-12-09",
      customersSeen: 17,
    },
    mapping: { customer_id: "CustomerID", date: "InvoiceDate", revenue: "Amount", cost: "Cost" },
    customerList: {
      file: "customers.csv",
      mapping: { customer_id: "Id", name: "Name", status: "Status" },
      rowsRead: 20,
      rowsUsed: 19,
      rowsRejected: 1,
      rejects: [
        { reason: "unknown status", count: 1, examples: [{ line: 5, column: "Status", value: "maybe" }] },
      ],
      listedWithoutInvoices: 3,
      invoicedNotListed: 1,
      statuses: { customer: 16, prospect: 2, suspect: 1 },
    },
    window: {
      asOf: "2011-12-09",
      firstDay: "2010-12-10",
      lastDay: "2011-12-09",
      horizon: "12 months",
      asOfSource: "latest invoice",
    },
    measure: "margin",
    measureSource: "default",
    abc: {
      thresholds: [80, 95],
      classes: [
        { label: "A", upTo: 80, customers: 7, customersShare: 7 / 12, value: 850, valueShare: 0.85 },
        { label: "B", upTo: 95, customers: 3, customersShare: 3 / 12, value: 120, valueShare: 0.12 },
        { label: "C", upTo: 100, customers: 2, customersShare: 2 / 12, value: 30, valueShare: 0.03 },
      ],
    },
    pyramid: {
      cuts: [1, 5, 20],
      layers: [
        layer("Top", "Top", 1, 1 / 12, 300, 0.3),
        layer("Big", "Big", 0, 0, 0, 0),
        layer("Medium", "Medium", 2, 2 / 12, 250, 0.25),
        layer("Small", "Small", 9, 9 / 12, 450, 0.45),
        layer("NonPositive", "Value ≤ 0", 2, null, -25.5, 0),
        layer("Inactive", "Inactive", 3, null, 0, 0),
        layer("Prospect", "Prospect", 2, null, 0, 0),
        layer("Suspect", "Suspect", 1, null, 0, 0),
      ],
    },
    concentration: {
      activeCustomers: 12,
      totalValue: TOTAL,
      customersFor80: 7,
      customersFor80Share: 7 / 12,
      top1Share: 0.3,
      top5Share: 0.72,
      top10Share: 0.97,
      top20PercentShare: 0.55,
      gini: 0.43333333333333335,
      hhi: 0.151,
      keyClientShare: 0.1,
      monopolyClientShare: 0.2,
      keyClients: [
        { customerId: "C01", name: "Acme <script>alert('x')</script> Ltd", value: 300, share: 0.3 },
        { customerId: "C02", name: 'Beta, Bros & "Sons"', value: 150, share: 0.15 },
      ],
      monopolyClients: [
        { customerId: "C01", name: "Acme <script>alert('x')</script> Ltd", value: 300, share: 0.3 },
      ],
    },
    nonPositive: {
      customers: 2,
      value: -25.5,
      list: [
        { customerId: "C13", name: "Nu returns", value: -25.5, share: 0 },
        { customerId: "C14", name: "Xi", value: 0, share: 0 },
      ],
    },
    topCustomers: rows.slice(0, 10),
    curve,
    warnings: [
      { code: "FEW_CUSTOMERS", message: "Only 12 active customers: one customer moves the shares a lot." },
    ],
  };
}

function layer(
  layerName: Summary["pyramid"]["layers"][number]["layer"],
  label: string,
  customers: number,
  shareOfActive: number | null,
  value: number,
  valueShare: number,
): Summary["pyramid"]["layers"][number] {
  return {
    layer: layerName,
    label,
    customers,
    customersShare: customers / 20,
    customersShareOfActive: shareOfActive,
    value,
    valueShare,
  };
}
