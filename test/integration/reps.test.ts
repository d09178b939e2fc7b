import { describe, expect, it } from "vitest";
import { readReps } from "../../src/engine/reps.js";
import { readTempFile } from "../helpers/analyze.js";

function read(content: string) {
  return readTempFile("reps.csv", content, (engine, file, dir) =>
    readReps(engine, file, { tmpDir: dir, hoursPerFte: 1100 }),
  );
}

describe("reps file", () => {
  it("takes hours, or FTE × the hours of a full-time rep; bad rows are rejected with their lines", async () => {
    const r = await read(
      ["Verkoper;Uren;FTE", "Anna;1.200;", "Bram;;0,5", "Anna;900;", ";800;", "Carla;veel;", "Dirk;;"].join(
        "\n",
      ),
    );
    expect(r.names).toEqual(["Anna", "Bram"]);
    expect(r.hours).toEqual([1200, 550]);
    expect(r.rejects).toEqual([
      {
        reason: "rep listed before (first row kept)",
        count: 1,
        examples: [{ line: 4, column: "Verkoper", value: "Anna" }],
      },
      { reason: "rep name is empty", count: 1, examples: [{ line: 5, column: "Verkoper", value: "" }] },
      {
        reason: "hours is not a number ≥ 0",
        count: 1,
        examples: [{ line: 6, column: "Uren", value: "veel" }],
      },
      { reason: "no hours and no FTE", count: 1, examples: [{ line: 7, column: "Uren", value: "" }] },
    ]);
  });

  it("refuses a file without hours", async () => {
    await expect(read("name,region\nAnna,North\n")).rejects.toThrow(/one with their yearly hours \(or FTE\)/);
  });
});
