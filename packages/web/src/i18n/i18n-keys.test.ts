/**
 * The two language files must have the same keys, and every literal key used in a component (`t("a.b")`) must
 * exist in both — a missing key would show the raw key to the user. The same holds for the import message
 * templates (`import-messages.*.json`, key `importMessages`): one template per import error code in each language,
 * and for the warning workflow's server texts (`warning-messages.*.json`, key `warningMessages`): one template per
 * notification (title + body), state-change reason, supervision-order reason and prior-basis code.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  IMPORT_ERROR_CODES,
  IMPORT_ERROR_PARAMS,
  WARNING_NOTIFICATION_PARAMS,
  WARNING_PRIOR_BASIS_PARAMS,
  WARNING_REASON_PARAMS,
  WARNING_SUPERVISION_REASON_PARAMS,
} from "@tracewater/contract";
import { describe, expect, it } from "vitest";
import en from "./en.json" with { type: "json" };
import importMessagesEn from "./import-messages.en.json" with { type: "json" };
import importMessagesZhCN from "./import-messages.zh-CN.json" with { type: "json" };
import warningMessagesEn from "./warning-messages.en.json" with { type: "json" };
import warningMessagesZhCN from "./warning-messages.zh-CN.json" with { type: "json" };
import zhCN from "./zh-CN.json" with { type: "json" };

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function flatten(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [full] : [];
  });
}

/** A key without i18next's plural suffix (`siteCount_one`, `siteCount_other` → `siteCount`): English has singular
 * and plural forms where Chinese has one text. */
const pluralBase = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, "");

describe("i18n files", () => {
  const zhKeys = new Set(flatten(zhCN).map(pluralBase));
  const enKeys = new Set(flatten(en).map(pluralBase));

  it("zh-CN and en define the same keys", () => {
    expect([...zhKeys].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys].filter((k) => !zhKeys.has(k))).toEqual([]);
    expect(zhKeys.size).toBeGreaterThan(150);
    // an English text with a singular form has its plural too
    const enFlat = new Set(flatten(en));
    expect([...enFlat].filter((k) => k.endsWith("_one") && !enFlat.has(k.replace(/_one$/, "_other")))).toEqual([]);
  });

  it('every literal t("…") key used in the UI exists', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(srcDir)) {
      for (const match of readFileSync(file, "utf8").matchAll(/\bt\("([a-zA-Z][\w-]*(?:\.[\w-]+)+)"/g)) {
        used.add(match[1] as string);
      }
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !zhKeys.has(k))).toEqual([]);
  });

  it("every template key family has all members (classes, weekdays, statuses, formats, site kinds)", () => {
    const families: Record<string, string[]> = {
      classes: ["increase", "decrease", "stable", "no-previous-data"],
      weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
      "imports.statuses": ["imported", "unchanged", "rejected", "validated"],
      "imports.formats": ["auto", "euda", "lab-long", "lab-wide", "odm", "sites"],
      siteKinds: ["wwtp_influent", "pumping_station", "manhole", "venue_outfall"],
      "site.directions": ["increasing", "decreasing", "no-trend", "insufficient-data"],
      censoring: ["zero", "lod_half", "loq_half", "loq"],
    };
    for (const [family, members] of Object.entries(families)) {
      for (const member of members) expect(zhKeys.has(`${family}.${member}`), `${family}.${member}`).toBe(true);
    }
  });

  it("units are the field-standard ones", () => {
    expect(zhCN.units.pnl).toBe("mg/天/千人");
    expect(en.units.pnl).toBe("mg/day/1000 inh");
    expect(zhCN.units.concentration).toBe("ng/L");
    expect(zhCN.units.flow).toBe("m³/天");
    expect(en.attribution.euda).toBe("Data: EUDA (EMCDDA) and SCORE");
  });

  it("import message templates: the same keys in both languages, one per error code, placeholders from its params", () => {
    const zhKeys = flatten(importMessagesZhCN).sort();
    expect(zhKeys).toEqual(flatten(importMessagesEn).sort());
    expect(zhKeys.filter((k) => !k.startsWith("fallback."))).toEqual(
      IMPORT_ERROR_CODES.map((c) => `codes.${c}`).sort(),
    );
    // the main files do not define importMessages (it would be overwritten by the merge in index.ts)
    expect("importMessages" in zhCN || "importMessages" in en).toBe(false);
    for (const [lng, file] of [
      ["zh-CN", importMessagesZhCN],
      ["en", importMessagesEn],
    ] as const) {
      for (const code of IMPORT_ERROR_CODES) {
        const template = (file.codes as Record<string, string>)[code] ?? "";
        const params: readonly string[] = IMPORT_ERROR_PARAMS[code];
        for (const m of template.matchAll(/\{\{\s*(\w+)/g)) expect(params, `${lng} ${code}`).toContain(m[1]);
      }
    }
  });

  it("import message templates: zh-CN is Chinese text", () => {
    for (const code of IMPORT_ERROR_CODES) {
      expect((importMessagesZhCN.codes as Record<string, string>)[code], code).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("warning message templates: the same keys in both languages, one per code, placeholders from its params", () => {
    const groups = {
      notifications: WARNING_NOTIFICATION_PARAMS,
      reasons: WARNING_REASON_PARAMS,
      supervisionReasons: WARNING_SUPERVISION_REASON_PARAMS,
      priorBasis: WARNING_PRIOR_BASIS_PARAMS,
    } as const;
    const expected = Object.entries(groups).flatMap(([group, table]) =>
      Object.keys(table).flatMap((code) =>
        group === "notifications" ? [`${group}.${code}.title`, `${group}.${code}.body`] : [`${group}.${code}`],
      ),
    );
    expect(flatten(warningMessagesZhCN).sort()).toEqual(expected.sort());
    expect(flatten(warningMessagesEn).sort()).toEqual(expected.sort());
    expect("warningMessages" in zhCN || "warningMessages" in en).toBe(false);
    for (const [lng, file] of [
      ["zh-CN", warningMessagesZhCN],
      ["en", warningMessagesEn],
    ] as const) {
      for (const key of expected) {
        const [group, code] = key.split(".") as [keyof typeof groups, string];
        const template = key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], file) as string;
        const params: readonly string[] = (groups[group] as Record<string, readonly string[]>)[code] ?? [];
        for (const m of template.matchAll(/\{\{\s*(\w+)/g)) expect(params, `${lng} ${key}`).toContain(m[1]);
        if (lng === "zh-CN") expect(template, key).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });
});
