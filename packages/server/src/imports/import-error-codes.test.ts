/**
 * Import error codes (issue #2): every error the parser reports carries a known `code` with exactly the `params`
 * listed for it in @tracewater/contract import-error-codes.ts, and the web UI's templates
 * (packages/web/src/i18n/import-messages.*.json, rendered by the web's own `importMessage`) give back the server's
 * English `message` word for word in English, and a Chinese text without unfilled placeholders in zh-CN.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  IMPORT_ERROR_CODES,
  IMPORT_ERROR_PARAMS,
  type ImportError,
  ImportError as ImportErrorSchema,
} from "@tracewater/contract";
import i18next, { type i18n } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { importMessage } from "../../../web/src/features/imports/import-message.js";
import { ImportScopeCheck } from "./import-scope.js";
import { parseFile, parseFiles } from "./parse/index.js";
import { implausibleConcentration, PlausibilityCheck } from "./plausibility.js";

const fixture = (name: string) => fileURLToPath(new URL(`./parse/fixtures/${name}`, import.meta.url));
const i18nFile = (name: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../../web/src/i18n/${name}`, import.meta.url)), "utf8"));
const csv = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

/** Errors of the bad fixtures plus small files that reach the other parser checks. */
async function parserErrors(): Promise<ImportError[]> {
  const results = await Promise.all([
    parseFile(fixture("bad-values.csv")),
    parseFile(fixture("bad-sites.csv")),
    parseFile(fixture("bad-missing-column.csv"), { format: "lab-long" }),
    parseFile(fixture("bad-missing-column.csv")),
    parseFile(fixture("bad-unknown-format.csv")),
    parseFile(fixture("empty.csv")),
    parseFile(csv("wide.csv", "site_code,sample_date,flow,人口(万户),METH(ng/L),METH,xyz\nS1,2024-03-13,1,1,1,1,1\n")),
    parseFile(csv("wide-nounit.csv", "site_code,sample_date,METH\n,13.13.2024,5\n")),
    parseFile(csv("long.csv", "site_code,sample_date,analyte,concentration\nS1,2024-03-13,,1\n")),
    parseFile(
      csv(
        "euda.csv",
        "Year,Metabolite,Site ID,Wednesday,Thursday,Friday,Saturday,Sunday,Monday,Tuesday\n19,heroin,,x,,,,,,\n",
      ),
    ),
    parseFile(csv("euda-sites.csv", "SiteID,Location,Latitude,Longitude,Population\n,Town,1,1,-1\n")),
    parseFile(csv("odm-sites.csv", "siteID,type,popServ,geoEPSG\nS1,lake,-1,3857\nS1,wwtpMuC,10,4326\n"), {
      format: "odm",
    }),
    parseFile(csv("sites.csv", "site_code,name,kind,travel_time(天)\nA1,,,2\n")),
    parseFiles([fixture("bad-values.csv"), fixture("sites-registry-zh.csv")]),
  ]);
  return results.flatMap((r) => r.errors);
}

async function i18nFor(lng: "en" | "zh-CN"): Promise<i18n> {
  const instance = i18next.createInstance();
  const file = lng === "en" ? "import-messages.en.json" : "import-messages.zh-CN.json";
  await instance.init({
    lng,
    resources: { [lng]: { translation: { importMessages: i18nFile(file) } } },
    interpolation: { escapeValue: false },
  });
  return instance;
}

describe("import error codes", () => {
  let errors: ImportError[];
  let en: i18n;
  let zh: i18n;
  beforeAll(async () => {
    errors = await parserErrors();
    en = await i18nFor("en");
    zh = await i18nFor("zh-CN");
  });

  it("every parser error has a known code with exactly its listed params, and passes the contract schema", () => {
    expect(errors.length).toBeGreaterThan(30);
    for (const e of errors) {
      expect(IMPORT_ERROR_CODES, e.message).toContain(e.code);
      const names = IMPORT_ERROR_PARAMS[e.code as keyof typeof IMPORT_ERROR_PARAMS] as readonly string[];
      expect(Object.keys(e.params ?? {}).sort(), e.message).toEqual([...names].sort());
      expect(ImportErrorSchema.parse(e)).toEqual(e);
    }
  });

  it("the English template with the params gives back the server message word for word", () => {
    for (const e of errors) expect(importMessage(e, en), e.code).toBe(e.message);
  });

  it("the Chinese template fills every placeholder and is Chinese text", () => {
    for (const e of errors) {
      const zhText = importMessage(e, zh);
      expect(zhText, e.code).not.toMatch(/\{\{|\}\}/);
      expect(zhText, e.code).toMatch(/[\u4e00-\u9fff]/);
      expect(zhText, e.code).not.toBe(e.message);
    }
  });

  it("examples: duplicate row, unknown unit, missing column", () => {
    const dup = errors.find((e) => e.code === "duplicate-row");
    expect(dup).toMatchObject({
      row: 8,
      params: { row: 7 },
      message: "duplicate row: same site, date and analyte as row 7",
    });
    expect(importMessage(dup!, zh)).toBe("重复行：点位、日期和分析物与第 7 行相同");
    const unit = errors.find((e) => e.code === "unknown-unit");
    expect(unit?.params).toEqual({ unit: "mg/kg" });
    expect(importMessage(unit!, zh)).toBe(
      "无法识别的单位“mg/kg”；应为 ng/L、µg/L、ng/mL、pg/mL、mg/L、纳克/升、微克/升 之一",
    );
    const missing = errors.find((e) => e.code === "missing-column");
    expect(missing?.params).toEqual({ column: "analyte", example: "analyte / 检测项目" });
  });

  it("a null param takes the language's default wording; an unknown code shows the server message", () => {
    const e = { message: "expected a number ≥ 0 in the reported unit", code: "bad-number", params: { unit: null } };
    expect(importMessage(e, en)).toBe(e.message);
    expect(importMessage(e, zh)).toBe("应为 ≥ 0 的数字（单位：报告的单位）");
    expect(importMessage({ message: "something new", code: "not-a-code", params: {} }, zh)).toBe("something new");
    expect(importMessage({ message: "stored before codes" }, zh)).toBe("stored before codes");
  });

  it("plausibility warnings: numbers are formatted per language", () => {
    const w = implausibleConcentration({
      file: "f.csv",
      row: 2,
      column: "c",
      analyte: "methamphetamine",
      valueReported: "250",
      unitReported: "ng/mL",
      valueNgPerL: 250_000,
    });
    expect(w).toMatchObject({
      code: "implausible-drug-residue",
      params: { analyte: "methamphetamine", value: 250_000, limit: 100_000 },
    });
    expect(importMessage(w!, en)).toBe(w!.message);
    expect(importMessage(w!, zh)).toMatch(
      /^methamphetamine：单位换算后为 250,000 ng\/L，超过毒品残留物在原污水中的合理上限 100,000 ng\/L/,
    );
    const marker = implausibleConcentration({
      file: "f.csv",
      row: 2,
      column: "c",
      analyte: "cotinine",
      valueReported: "2",
      unitReported: "mg/L",
      valueNgPerL: 2_000_000,
    });
    expect(marker?.code).toBe("implausible-population-marker");
    expect(importMessage(marker!, en)).toBe(marker!.message);
    const check = new PlausibilityCheck();
    expect(check.list("f.csv")).toEqual([]);
  });

  it("jurisdiction scope errors", () => {
    const scope = new ImportScopeCheck(
      {
        jurisdictionCodes: new Set(["140403"]),
        treeCodes: new Set(["140400", "140403", "140404"]),
        referenceData: false,
      },
      new Map([
        ["OUT", "140404"],
        ["REF", null],
      ]),
    );
    const site = { name: "n", kind: "wwtp_influent", file: "s.csv", sheet: null, row: 2 } as const;
    scope.checkSites([
      { ...site, code: "OUT", jurisdictionCode: "140403" },
      { ...site, code: "NEW", jurisdictionCode: "999999", row: 3 },
      { ...site, code: "NEW2", jurisdictionCode: "140404", row: 4 },
      { ...site, code: "NEW3", jurisdictionCode: null, row: 5 },
    ] as never);
    scope.checkRejected([{ siteCode: "REF", file: "s.csv", sheet: null, row: 6, column: "site_code" }]);
    const list = scope.list("s.csv");
    expect(list.map((e) => e.code)).toEqual([
      "scope-registered-site",
      "unknown-jurisdiction-tree",
      "scope-jurisdiction",
      "scope-reference-site",
      "scope-row-reference-site",
    ]);
    for (const e of list) {
      expect(importMessage(e, en)).toBe(e.message);
      expect(importMessage(e, zh)).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe("import message templates", () => {
  const templates = {
    en: i18nFile("import-messages.en.json"),
    "zh-CN": i18nFile("import-messages.zh-CN.json"),
  } as Record<string, { codes: Record<string, string>; fallback: Record<string, string> }>;

  it("every code has an English and a Chinese template, and no template is for an unknown code", () => {
    for (const t of Object.values(templates))
      expect(Object.keys(t.codes).sort()).toEqual([...IMPORT_ERROR_CODES].sort());
    expect(IMPORT_ERROR_CODES.length).toBe(new Set(IMPORT_ERROR_CODES).size);
    for (const code of IMPORT_ERROR_CODES) expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("placeholders are params of the code, and the English template uses every param (but those for other languages)", () => {
    // params the English message does not print: the range bounds (in `expected`) and the column (shown beside it)
    const forOthers = new Set(["min", "max", "empty-cell column"]);
    for (const [lng, t] of Object.entries(templates)) {
      for (const code of IMPORT_ERROR_CODES) {
        const used = [...t.codes[code]!.matchAll(/\{\{\s*(\w+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]);
        const params = IMPORT_ERROR_PARAMS[code] as readonly string[];
        for (const u of used) expect(params, `${lng} ${code}: {{${u}}}`).toContain(u);
        if (lng === "en") {
          const unused = params.filter((p) => !used.includes(p) && !forOthers.has(p) && !forOthers.has(`${code} ${p}`));
          expect(unused, `en ${code}`).toEqual([]);
        }
      }
    }
  });

  it("both languages define the same default wordings for null params", () => {
    expect(Object.keys(templates["zh-CN"]!.fallback).sort()).toEqual(Object.keys(templates.en!.fallback).sort());
  });
});
