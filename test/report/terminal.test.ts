import { describe, expect, it } from "vitest";
import { renderTerminal } from "../../src/report/terminal.js";
import { fixtureSummary } from "./fixture.js";

const ESC = "\u001b";

describe("renderTerminal", () => {
  const out = renderTerminal(fixtureSummary());

  it("prints every section of the fixture (golden)", () => {
    expect(out).toMatchInlineSnapshot(`
      "Strata 0.1.0: sales.csv

      Data: sales.csv (csv, delimiter: ',', encoding: utf-8)
        Lines read          1,234
        Lines used          1,212
        Without customer        5  revenue 123.45
        Outside the window      9  8 before it, 1 after the as-of date
        Rejected                8
        Customers seen         17
        Invoice dates from 2010-12-01 to 2011-12-09
        Rejected, bad date: 6 lines
          line 7, column InvoiceDate: '31/02/2011'
          line 19, column InvoiceDate: ''
          line 33, column InvoiceDate: 'yesterday'
          … 3 more
        Rejected, non-numeric amount: 2 lines
          line 12, column Amount: '12,3,4'
          line 40, column Amount: '</script><script>alert(1)</script>'

      Columns used
        Field        Column
        customer_id  CustomerID
        date         InvoiceDate
        revenue      Amount
        cost         Cost

      Window   2010-12-10 … 2011-12-09 (12 months), as of 2011-12-09 (the latest invoice date)
      Measure  customers ranked by margin (the default for this data)

      ABC classes by margin
        Class  Up to  Customers  % customers     Value  % value
        A        80%          7        58.3%    850.00    85.0%
        B        95%          3        25.0%    120.00    12.0%
        C       100%          2        16.7%     30.00     3.0%
        Total                12       100.0%  1,000.00   100.0%

      Customer pyramid (cuts at 1%, 5%, 20% of active customers)
        Layer      Customers  % of active  % of all   Value  % value
        Top                1         8.3%      5.0%  300.00    30.0%
        Big                0         0.0%      0.0%    0.00     0.0%
        Medium             2        16.7%     10.0%  250.00    25.0%
        Small              9        75.0%     45.0%  450.00    45.0%
        Value ≤ 0          2                  10.0%  -25.50
        Inactive           3                  15.0%    0.00
        Prospect           2                  10.0%    0.00
        Suspect            1                   5.0%    0.00

      Concentration
        !! DEPENDENCY RISK: 1 monopoly client (≥ 20% of value each)
        !!   C01 Acme <script>alert('x')</script> Ltd: 300.00, 30.0% of value

        Customers for 80% of value  7 of 12 active (58.3%)
        Top 1 / 5 / 10 customers    30.0% / 72.0% / 97.0%
        Top 20% of customers        55.0%
        Total value                 1,000.00
        Gini                        0.433
        HHI                         0.1510

        Key clients (≥ 10% of value each): 2
          Customer  Name                                   Value  Share
          C01       Acme <script>alert('x')</script> Ltd  300.00  30.0%  monopoly
          C02       Beta, Bros & "Sons"                   150.00  15.0%

      Customers with value ≤ 0 (not ranked): 2, total -25.50
        Customer  Name         Value
        C13       Nu returns  -25.50
        C14       Xi            0.00

      Customer list: customers.csv
        Rows read                 20
        Rows used                 19
        Rows rejected              1
        Listed, without invoices   3
        Invoiced, not listed       1
        Statuses: customer 16, prospect 2, suspect 1
        Rejected, unknown status: 1 row
          line 5, column Status: 'maybe'
        Columns used
          Field        Column
          customer_id  Id
          name         Name
          status       Status

      Warnings
        ! Only 12 active customers: one customer moves the shares a lot.
      "
    `);
  });

  it("names the monopoly client as a dependency risk", () => {
    expect(out).toContain("!! DEPENDENCY RISK: 1 monopoly client (≥ 20% of value each)");
    expect(out).toMatch(/!! {3}C01 Acme <script>alert\('x'\)<\/script> Ltd: 300\.00, 30\.0% of value/);
    expect(out).toMatch(/C01 +Acme .* 300\.00 +30\.0% +monopoly/);
    expect(out).toMatch(/C02 +Beta, Bros & "Sons" +150\.00 +15\.0%\n/);
  });

  it("lists reject reasons with counts and the first examples by line and column", () => {
    expect(out).toContain("Rejected, bad date: 6 lines");
    expect(out).toContain("line 7, column InvoiceDate: '31/02/2011'");
    expect(out).toContain("line 19, column InvoiceDate: ''");
    expect(out).toContain("… 3 more");
    expect(out).toContain("line 12, column Amount: '12,3,4'");
    expect(out).toContain("Rejected, unknown status: 1 row");
  });

  it("has no trailing spaces and no colour unless asked", () => {
    expect(out.split("\n").filter((l) => /\s$/.test(l))).toEqual([]);
    expect(out).not.toContain(ESC);
    expect(out.endsWith("\n")).toBe(true);
  });

  it("colours only when asked, and the same text remains underneath", () => {
    const colored = renderTerminal(fixtureSummary(), { color: true });
    expect(colored).toContain(`${ESC}[1;31m  !! DEPENDENCY RISK`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI escapes is the point
    expect(colored.replace(/\u001b\[[0-9;]*m/g, "")).toBe(out);
  });

  it("shows control characters in data as escapes, never raw", () => {
    const s = fixtureSummary();
    s.concentration.monopolyClients[0]!.name = `Evil${ESC}[2J\nCorp`;
    const text = renderTerminal(s);
    expect(text).toContain("C01 Evil\\x1b[2J\\nCorp: 300.00");
    expect(text).not.toContain(ESC);
    s.data.rejects[0]!.examples[0]!.value = "tab\there";
    expect(renderTerminal(s)).toContain("line 7, column InvoiceDate: 'tab\\there'");
  });

  it("leaves out what is not there: no list, no monopoly, no rejects, no warnings", () => {
    const s = fixtureSummary();
    s.customerList = null;
    s.concentration.monopolyClients = [];
    s.concentration.keyClients = [];
    s.data.rejects = [];
    s.warnings = [];
    s.nonPositive = { customers: 0, value: 0, list: [] };
    const text = renderTerminal(s);
    expect(text).not.toContain("Customer list");
    expect(text).not.toContain("DEPENDENCY RISK");
    expect(text).not.toContain("Rejected,");
    expect(text).not.toContain("Warnings");
    expect(text).not.toContain("value ≤ 0 (not ranked)");
    expect(text).toContain("Key clients (≥ 10% of value each): none");
  });

  it("says where the as-of date and the measure came from", () => {
    const s = fixtureSummary();
    s.window.asOfSource = "option";
    s.measureSource = "option";
    s.measure = "revenue";
    const text = renderTerminal(s);
    expect(text).toContain("as of 2011-12-09 (as given)");
    expect(text).toContain("customers ranked by revenue (as chosen)");
    expect(text).toContain("ABC classes by revenue");
  });
});
