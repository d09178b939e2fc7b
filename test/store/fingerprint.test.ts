import { appendFile, mkdtemp, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fingerprintFile } from "../../src/store/fingerprint.js";

async function dir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "strata-fp-"));
}

const MIB = 1024 * 1024;
const FIXED = new Date("2024-01-02T03:04:05.000Z");

describe("fingerprintFile", () => {
  it("is stable, and names size, mtime and hash", async () => {
    const file = join(await dir(), "a.csv");
    await writeFile(file, "customer,amount\nA,1\n");
    await utimes(file, FIXED, FIXED);
    const a = await fingerprintFile(file);
    expect(a).toMatch(/^v1:20:1704164645000:[0-9a-f]{64}$/);
    expect(await fingerprintFile(file)).toBe(a);
  });

  it("changes when the content changes at either end, even with size and mtime kept", async () => {
    const d = await dir();
    const big = Buffer.alloc(3 * MIB, 0x61);
    const prints: string[] = [];
    for (const [name, at] of [
      ["same", -1],
      ["head", 10],
      ["tail", 3 * MIB - 10],
    ] as const) {
      const bytes = Buffer.from(big);
      if (at >= 0) bytes[at] = 0x62;
      const file = join(d, `${name}.csv`);
      await writeFile(file, bytes);
      await utimes(file, FIXED, FIXED);
      prints.push((await fingerprintFile(file)).split(":")[3] ?? "");
    }
    expect(new Set(prints).size).toBe(3);
  });

  it("changes when lines are appended", async () => {
    const file = join(await dir(), "a.csv");
    await writeFile(file, "customer,amount\nA,1\n");
    await utimes(file, FIXED, FIXED);
    const before = await fingerprintFile(file);
    await appendFile(file, "B,2\n");
    await utimes(file, FIXED, FIXED);
    expect(await fingerprintFile(file)).not.toBe(before);
  });

  it("reports a missing file and a directory with their codes", async () => {
    const d = await dir();
    await expect(fingerprintFile(join(d, "nope.csv"))).rejects.toMatchObject({ code: "INPUT_NOT_FOUND" });
    await expect(fingerprintFile(d)).rejects.toMatchObject({ code: "INPUT_IS_DIRECTORY" });
  });
});
