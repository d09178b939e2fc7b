import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import {
  CONFIG_FILE,
  defaultConfigText,
  effectiveConfig,
  loadSettings,
  NO_SETTINGS,
  parseSettings,
  type StrataSettings,
} from "../../src/app/config.js";
import { configSchema } from "../../src/app/config-schema.js";
import { configCommand } from "../../src/cli/config.js";
import type { Io } from "../../src/cli/io.js";
import { makeCoverageSettings } from "../../src/core/coverage-settings.js";
import { StrataError } from "../../src/core/errors.js";
import { makePolicy } from "../../src/core/policy.js";
import { DEFAULT_POTENTIAL_SETTINGS } from "../../src/core/potential.js";
import { DEFAULT_PROFITABILITY_SETTINGS } from "../../src/core/profitability.js";
import { makeStrategySettings } from "../../src/core/strategy-settings.js";
import { DEFAULT_KIND_HOURS } from "../../src/engine/activities.js";
import { tempDir } from "../helpers/analyze.js";

const parse = (config: unknown) => parseSettings(JSON.stringify(config), CONFIG_FILE);

/** The error a config text is refused with. */
async function refusal(text: string, file = CONFIG_FILE): Promise<StrataError> {
  const e = await parseSettings(text, file).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(StrataError);
  expect((e as StrataError).code).toBe("BAD_CONFIG");
  return e as StrataError;
}

const refusalOf = (config: unknown) => refusal(JSON.stringify(config));

describe("defaultConfigText", () => {
  const text = defaultConfigText();

  it("is JSON ending with a newline, with every section and every setting of the schema", () => {
    expect(text.endsWith("}\n")).toBe(true);
    const file = JSON.parse(text) as Record<string, Record<string, unknown>>;
    const sections = Object.keys(configSchema.shape).filter((k) => k !== "$schema");
    expect(Object.keys(file)).toEqual(sections);
    for (const section of sections) {
      const shape = configSchema.shape[section as keyof typeof configSchema.shape];
      const keys = Object.keys((shape.unwrap() as unknown as { shape: object }).shape);
      expect(Object.keys(file[section] ?? {}), section).toEqual(keys);
    }
  });

  it("reads back as the core's defaults", async () => {
    const s = await parseSettings(text, CONFIG_FILE);
    expect(makePolicy(s.policy)).toEqual(makePolicy());
    expect(s.measure).toBeUndefined();
    expect({ ...DEFAULT_POTENTIAL_SETTINGS, ...s.potential }).toEqual(DEFAULT_POTENTIAL_SETTINGS);
    expect({ ...DEFAULT_PROFITABILITY_SETTINGS, ...s.profitability }).toEqual(DEFAULT_PROFITABILITY_SETTINGS);
    expect(makeStrategySettings(s.strategy)).toEqual(makeStrategySettings());
    expect(makeCoverageSettings(s.coverage)).toEqual(makeCoverageSettings());
    expect({ ...DEFAULT_KIND_HOURS, ...s.kindHours }).toEqual(DEFAULT_KIND_HOURS);
    expect(effectiveConfig(s)).toEqual(effectiveConfig(NO_SETTINGS));
  });

  it("writes shares in percent, and null where the default follows analysis.abc or the data", () => {
    const file = JSON.parse(text);
    expect(file.analysis).toEqual({
      abc: [80, 95],
      pyramid: [1, 5, 20],
      horizon: "12m",
      keyClient: 10,
      monopolyClient: 20,
      inactiveLookback: null,
      measure: null,
    });
    expect(file.potential.thresholds).toBeNull();
    expect(file.potential.lowShareOfWallet).toBe(50);
    expect(file.profitability.marginFloor).toBe(5);
    expect(file.strategy.tierCuts).toBeNull();
    expect(file.strategy.lostValue).toBe(20);
    expect(file.coverage.underServedBelow).toBe(80);
    expect(file.coverage.reps).toBeNull();
  });
});

describe("parseSettings", () => {
  it("converts percentages to shares and leaves scores, counts and thresholds as they are", async () => {
    const s = await parse({
      $schema: "https://example.org/strata.schema.json",
      analysis: { abc: [70, 90], horizon: "1y", keyClient: 5, monopolyClient: 30, inactiveLookback: 24 },
      potential: { thresholds: [60, 90], lowShareOfWallet: 40, highValueClasses: 2 },
      profitability: { marginFloor: -2, attentionFactor: 3 },
      strategy: {
        lostValue: 25,
        minPAlive: 60,
        lowShareOfWallet: 30,
        weights: { growth: 0.2 },
        tierCuts: [0.3, 0.1],
      },
      coverage: {
        levels: { A: { contactsPerYear: 10 } },
        underServedBelow: 90,
        overServedAbove: 150,
        reps: 4,
        hoursPerRep: 1000,
      },
    });
    expect(s.policy).toEqual({
      abcThresholds: [70, 90],
      horizon: { count: 12, unit: "month" },
      keyClientShare: 0.05,
      monopolyClientShare: 0.3,
      inactiveLookbackMonths: 24,
    });
    expect(s.potential).toEqual({
      potentialThresholds: [60, 90],
      lowShareOfWallet: 0.4,
      highValueClasses: 2,
    });
    expect(s.profitability).toEqual({ marginFloor: -0.02, attentionFactor: 3 });
    expect(s.strategy).toEqual({
      lostValueShare: 0.25,
      minPAlive: 0.6,
      lowShareOfWallet: 0.3,
      weights: { growth: 0.2 },
      tierCuts: [0.3, 0.1],
    });
    // A level given in part keeps the rest of that class's default level.
    expect(s.coverage).toEqual({
      levels: { A: { contactsPerYear: 10, hoursPerContact: 2 } },
      underServedTolerance: 0.9,
      overServedTolerance: 1.5,
      reps: 4,
      hoursPerRep: 1000,
    });
  });

  it("gives only the settings present: null means the default", async () => {
    const s = await parse({ analysis: { measure: null, inactiveLookback: null }, coverage: { reps: null } });
    expect(s).toEqual(NO_SETTINGS);
    expect(await parse({})).toEqual(NO_SETTINGS);
    expect((await parse({ analysis: { measure: "margin" } })).measure).toBe("margin");
  });

  it("reads reps as a list, and activity kinds in any case or language", async () => {
    const s = await parse({
      coverage: { reps: [{ name: "Ann", hoursPerYear: 900 }] },
      activities: { kindHours: { Bezoek: 3, CALL: 0.5, workshop: 4 } },
    });
    expect(s.coverage.reps).toEqual([{ name: "Ann", hoursPerYear: 900 }]);
    expect(s.kindHours).toEqual({ visit: 3, call: 0.5, workshop: 4 });
  });

  it("names an unknown key and the setting probably meant", async () => {
    const e = await refusalOf({ analysis: { abcThresholds: [80, 95] } });
    expect(e.message).toBe(
      "strata.config.json: analysis.abcThresholds is not a setting; did you mean analysis.abc?",
    );
    expect((await refusalOf({ coverage: { levels: { A: { hours: 2 } } } })).message).toContain(
      "coverage.levels.A.hours is not a setting; did you mean coverage.levels.A.hoursPerContact?",
    );
    expect((await refusalOf({ analysis: { marginFloor: 5 } })).message).toContain(
      "did you mean profitability.marginFloor?",
    );
    expect((await refusalOf({ colour: "red" })).message).toBe(
      "strata.config.json: colour is not a setting. The sections are analysis, potential, profitability, strategy, coverage, activities.",
    );
  });

  it("names the path, the value found and what was expected", async () => {
    const e = await refusalOf({ coverage: { levels: { A: { hoursPerContact: "two" } } } });
    expect(e.message).toBe(
      'strata.config.json: coverage.levels.A.hoursPerContact must be a number of at least 0; got "two".',
    );
    expect(e.details.problems).toHaveLength(1);
    expect((await refusalOf({ analysis: { keyClient: 0 } })).message).toBe(
      "strata.config.json: analysis.keyClient must be a percentage above 0 and at most 100; got 0.",
    );
    expect((await refusalOf({ coverage: { reps: [{ name: "Ann", hoursPerYear: "x" }] } })).message).toContain(
      'coverage.reps[0].hoursPerYear must be selling hours a year, a number of at least 0; got "x".',
    );
    expect((await refusalOf({ strategy: { tagSynonyms: { "opinion leader": "kool" } } })).message).toContain(
      'strategy.tagSynonyms["opinion leader"] must be one of "kol", "famous", "mentor", "partner", "innovator"; got "kool".',
    );
    expect((await refusalOf({ analysis: { horizon: "12x" } })).message).toContain(
      'analysis.horizon must be a length such as "12m"',
    );
    expect((await refusalOf([1])).message).toContain("the file must be an object of sections");
  });

  it("lists every problem, one a line", async () => {
    const e = await refusalOf({
      analysis: { abc: "80,95", measure: "profit" },
      strategy: { weights: { values: 1 } },
      coverage: { hoursPerRep: -1 },
    });
    expect(e.message.split("\n")).toEqual([
      "strata.config.json has 4 problems:",
      '  analysis.abc must be 1 to 25 increasing percentages above 0 and at most 100, such as [80, 95]; got "80,95".',
      '  analysis.measure must be "revenue", "margin", or null for margin when the data has cost or margin; got "profit".',
      "  strategy.weights.values is not a setting; did you mean strategy.weights.value?",
      "  coverage.hoursPerRep must be a number of hours above 0; got -1.",
    ]);
  });

  it("refuses what the core refuses, naming the file", async () => {
    const abc = await refusal(JSON.stringify({ analysis: { abc: [95, 80] } }), "team/strata.config.json");
    expect(abc.message).toMatch(
      /^team\/strata\.config\.json: analysis\.abc must be .*increasing.*got \[95,80\]\.$/,
    );
    expect((await refusalOf({ analysis: { monopolyClient: 5 } })).message).toBe(
      "strata.config.json: analysis.monopolyClient must be at least analysis.keyClient (10); got 5.",
    );
    expect((await refusalOf({ coverage: { levels: { D: { hoursPerContact: 1 } } } })).message).toContain(
      "coverage.levels.D must give both contactsPerYear and hoursPerContact",
    );
    expect((await refusalOf({ potential: { highPotentialClasses: 0 } })).message).toContain(
      "potential.highPotentialClasses must be a whole number of at least 1",
    );
  });

  it("places a JSON syntax error by line and column", async () => {
    const text = '{\n  "analysis": {\n    "abc": [80, 95],\n  }\n}\n';
    expect((await refusal(text)).message).toBe(
      "strata.config.json is not valid JSON at line 4, column 3: no ',' may stand before '}' in JSON.",
    );
    expect((await refusal('{\n  "analysis": { "horizon": twelve }\n}')).message).toMatch(
      /at line 2, column 28: expected a value .*found 't'\.$/,
    );
    expect((await refusal('// mine\n{"analysis": {}}')).message).toContain(
      "line 1, column 1: expected a value (a number, text in double quotes, true, false, null, a list [...] or an object {...}), found a comment (JSON has no comments).",
    );
    expect((await refusal('{"a": 1 "b": 2}')).message).toContain("line 1, column 9: expected ',' or '}'");
    expect((await refusal("")).message).toContain("line 1, column 1");
  });

  it("reads a file that starts with a byte-order mark", async () => {
    expect(await parseSettings('\uFEFF{"analysis": {"keyClient": 15}}', CONFIG_FILE)).toEqual({
      ...NO_SETTINGS,
      policy: { keyClientShare: 0.15 },
    });
  });
});

describe("loadSettings", () => {
  it("finds strata.config.json in the working directory", async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, CONFIG_FILE), '{"analysis": {"horizon": "6m"}}');
    const { file, settings } = await loadSettings(cwd);
    expect(file).toBe(CONFIG_FILE);
    expect(settings.policy).toEqual({ horizon: { count: 6, unit: "month" } });
  });

  it("gives no file and no settings when there is none", async () => {
    expect(await loadSettings(await tempDir())).toEqual({ file: null, settings: NO_SETTINGS });
  });

  it("reads an explicit file relative to the working directory, and refuses one that does not exist", async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, "team"));
    await writeFile(join(cwd, "team", "north.json"), '{"coverage": {"reps": 3}}');
    await writeFile(join(cwd, CONFIG_FILE), '{"coverage": {"reps": 9}}');
    const { file, settings } = await loadSettings(cwd, "team/north.json");
    expect(file).toBe("team/north.json");
    expect(settings.coverage).toEqual({ reps: 3 });
    await expect(loadSettings(cwd, "south.json")).rejects.toMatchObject({
      code: "BAD_CONFIG",
      message: "The config file south.json does not exist.",
    });
    await expect(loadSettings(cwd, "team")).rejects.toMatchObject({
      code: "BAD_CONFIG",
      message: "The config file team is a folder, not a settings file.",
    });
  });

  it("names the file it read in its errors", async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, CONFIG_FILE), '{"analysis": {"keyClient": "ten"}}');
    await expect(loadSettings(cwd)).rejects.toThrow(
      'strata.config.json: analysis.keyClient must be a percentage above 0 and at most 100; got "ten".',
    );
  });
});

/** Runs `strata config …` in-process with collecting writers. */
async function config(args: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    interactive: false,
    color: false,
    cwd,
    env: {},
  };
  const program = new Command("strata")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.addCommand(configCommand(io));
  const error = await program.parseAsync(["config", ...args], { from: "user" }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { stdout, stderr, error };
}

describe("strata config", () => {
  it("init writes the defaults, and refuses to overwrite without --force", async () => {
    const cwd = await tempDir();
    const first = await config(["init"], cwd);
    expect(first.error).toBeUndefined();
    expect(first.stderr).toContain(`Wrote ${CONFIG_FILE}`);
    const path = join(cwd, CONFIG_FILE);
    expect(await readFile(path, "utf8")).toBe(defaultConfigText());
    await writeFile(path, '{"analysis": {"abc": [70, 90]}}');
    const again = await config(["init"], cwd);
    expect(again.error).toMatchObject({ code: "BAD_CONFIG" });
    expect((again.error as Error).message).toContain(
      "already exists here; it was left as it is. Add --force",
    );
    expect(await readFile(path, "utf8")).toBe('{"analysis": {"abc": [70, 90]}}');
    expect((await config(["init", "--force"], cwd)).error).toBeUndefined();
    expect(await readFile(path, "utf8")).toBe(defaultConfigText());
  });

  it("check prints the effective settings and names the file", async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, CONFIG_FILE), '{"analysis": {"abc": [70, 90]}, "coverage": {"reps": 5}}');
    const r = await config(["check"], cwd);
    expect(r.error).toBeUndefined();
    expect(r.stderr).toContain(`${CONFIG_FILE} is valid.`);
    const shown = JSON.parse(r.stdout);
    const settings: StrataSettings = {
      ...NO_SETTINGS,
      policy: { abcThresholds: [70, 90] },
      coverage: { reps: 5 },
    };
    expect(shown).toEqual(effectiveConfig(settings));
    // Thresholds left unset follow analysis.abc, as the analysis applies them.
    expect(shown.potential.thresholds).toEqual([70, 90]);
    expect(shown.strategy.tierCuts).toEqual([0.3, 0.1]);
    expect(shown.coverage.reps).toBe(5);
  });

  it("check takes a file, says when there is none, and reports a bad one", async () => {
    const cwd = await tempDir();
    const none = await config(["check"], cwd);
    expect(none.stderr).toContain(`No ${CONFIG_FILE} here`);
    expect(JSON.parse(none.stdout)).toEqual(effectiveConfig(NO_SETTINGS));
    const other = join(cwd, "sub", "policy.json");
    await mkdir(dirname(other));
    await writeFile(other, '{"strategy": {"weights": {"value": "1"}}}');
    const bad = await config(["check", "sub/policy.json"], cwd);
    expect(bad.error).toMatchObject({
      code: "BAD_CONFIG",
      message: 'sub/policy.json: strategy.weights.value must be a number; got "1".',
    });
    expect(bad.stdout).toBe("");
    expect(resolve(cwd, "sub/policy.json")).toBe(other);
  });
});

describe("loading cost", () => {
  it("config.ts does not load zod: only a found file imports the schema", async () => {
    const seen = new Set<string>();
    const visit = async (path: string): Promise<void> => {
      if (seen.has(path)) return;
      seen.add(path);
      const text = await readFile(path, "utf8");
      for (const m of text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+"([^"]+)";/gm)) {
        const spec = m[1] ?? "";
        expect(spec, `${path} imports ${spec}`).not.toBe("zod");
        if (spec.startsWith(".")) await visit(resolve(dirname(path), spec.replace(/\.js$/, ".ts")));
      }
    };
    await visit(resolve(import.meta.dirname, "../../src/app/config.ts"));
    expect(seen.size).toBeGreaterThan(3);
  });
});
