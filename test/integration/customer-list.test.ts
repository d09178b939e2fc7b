import { describe, expect, it } from "vitest";
import { parsePotential, readCustomerList, splitTags, tagOfColumn } from "../../src/engine/customer-list.js";
import { readTempFile } from "../helpers/analyze.js";

function read(content: string, name = "customers.csv") {
  return readTempFile(name, content, (engine, file, dir) => readCustomerList(engine, file, { tmpDir: dir }));
}

describe("customer list: potential, tags, attributes", () => {
  it("reads potential with a decimal comma, tags from one column and from yes/no columns, the rest as attributes", async () => {
    const list = await read(
      [
        "Klantnr;Naam;Status;Accountmanager;Potentie;Tags;KOL;Tag_Green;Regio;Sector",
        "K1;Alpha;klant;Anna;125.000,50;Partner, innovator;ja;nee;Noord;Bouw",
        "K2;Beta;prospect;Bram;80.000;;nee;ja;Zuid;Zorg",
        "K3;Gamma;klant;;veel;famous;x;;Noord;",
        "K4;Delta;klant;Anna;-5;;misschien;;Oost;Bouw",
        "K2;Beta again;klant;Bram;1;;;;;",
      ].join("\n"),
    );
    expect(list.ids).toEqual(["K1", "K2", "K3", "K4"]);
    expect(list.potential.slice(0, 2)).toEqual([125000.5, 80000]);
    expect(list.potential.slice(2).every(Number.isNaN)).toBe(true);
    expect(list.tags).toEqual([["partner", "innovator", "kol"], ["green"], ["famous", "kol"], []]);
    expect(list.tagColumns).toEqual({ KOL: "kol", Tag_Green: "green" });
    expect(list.attributes).toEqual({
      Regio: ["Noord", "Zuid", "Noord", "Oost"],
      Sector: ["Bouw", "Zorg", null, "Bouw"],
    });
    // Nothing lost: the duplicate row is a reject with its line; unusable values are counted with their lines.
    expect(list.rejects).toEqual([
      {
        reason: "customer id listed before (first row kept)",
        count: 1,
        examples: [{ line: 6, column: "Klantnr", value: "K2" }],
      },
    ]);
    expect(list.valueProblems).toEqual([
      {
        reason: "potential is not a number (the customer is kept, without potential)",
        count: 1,
        examples: [{ line: 4, column: "Potentie", value: "veel" }],
      },
      {
        reason: "potential is negative (the customer is kept, without potential)",
        count: 1,
        examples: [{ line: 5, column: "Potentie", value: "-5" }],
      },
      {
        reason: "tag column holds neither yes nor no (read as no)",
        count: 1,
        examples: [{ line: 5, column: "KOL", value: "misschien" }],
      },
    ]);
  });

  it("names unknown status values in a warning", async () => {
    const list = await read("customer_id,status\nA,customer\nB,vip\nC,vip\nD,lead\n");
    expect(list.status).toEqual(["customer", null, null, "prospect"]);
    expect(list.warnings[0]?.message).toMatch(/status values not understood .*'vip' \(2\)/);
  });

  it("parses potentials as written and tells tag columns", () => {
    expect(parsePotential("1,234.50", { decimal: ".", thousands: "," })).toBe(1234.5);
    expect(parsePotential("€ 12.500", { decimal: ",", thousands: "." })).toBe(12500);
    expect(parsePotential("12k", { decimal: ".", thousands: null })).toBeNaN();
    // A lone group of three after a dot, in data written with decimal commas, is a thousand.
    expect(parsePotential("1.200", { decimal: ",", thousands: null })).toBe(1200);
    expect(splitTags(" KOL ; partner|kol,")).toEqual(["kol", "partner"]);
    expect([tagOfColumn("Opinion leader"), tagOfColumn("tag: Early adopter"), tagOfColumn("Region")]).toEqual(
      ["kol", "early adopter", undefined],
    );
  });
});
