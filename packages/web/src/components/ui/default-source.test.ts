/**
 * The default data source per user (default-source.ts): the sources of the bundled installation (EUDA 2025 with 217
 * sites and no jurisdiction, the simulated `changzhi-demo` with sites in the 长治 counties 140403…140431) and the
 * answers written out by hand.
 */
import { describe, expect, it } from "vitest";
import type { DataSource } from "../../api/types.js";
import { defaultSourceFor, inJurisdiction, jurisdictionPrefix } from "./default-source.js";

const source = (code: string, sites: number, simulated = false): DataSource => ({
  code,
  nameZh: code,
  nameEn: code,
  simulated,
  sites,
});
const site = (source: string, jurisdictionCode: string | null) => ({ source, jurisdictionCode });

const euda = source("euda-2025", 217);
const demo = source("changzhi-demo", 3, true);
// as listed for a 长治 analyst: EUDA sites have no jurisdiction, the demo sites lie in 潞州区 / 潞城区
const sites = [
  site("euda-2025", null),
  site("euda-2025", null),
  site("changzhi-demo", "140403"),
  site("changzhi-demo", "140406"),
  site("changzhi-demo", "140406"),
];

describe("jurisdiction prefixes (GB/T 2260)", () => {
  it("drops the trailing 00 pairs of province and city codes", () => {
    expect(jurisdictionPrefix("140000")).toBe("14");
    expect(jurisdictionPrefix("140400")).toBe("1404");
    expect(jurisdictionPrefix("140406")).toBe("140406");
    expect(jurisdictionPrefix("140406001")).toBe("140406001");
    expect(inJurisdiction("140406", "140400")).toBe(true);
    expect(inJurisdiction("140406", "140000")).toBe(true);
    expect(inJurisdiction("140521", "140400")).toBe(false); // 晋城 (1405) is not in 长治 (1404)
    expect(inJurisdiction("140403", "140406")).toBe(false); // 潞州区 is not in 潞城区
  });
});

describe("default data source", () => {
  it("a 长治市 analyst (140400) opens on the source of the 长治 sites", () => {
    expect(defaultSourceFor([euda, demo], "140400", sites)).toBe("changzhi-demo");
    // a 潞城区 user too (two demo sites in 140406)
    expect(defaultSourceFor([euda, demo], "140406", sites)).toBe("changzhi-demo");
  });

  it("users outside the 长治 tree, administrators and an unknown site list keep the first real source", () => {
    expect(defaultSourceFor([demo, euda], "140500", sites)).toBe("euda-2025"); // 晋城市: no site there
    expect(defaultSourceFor([demo, euda], null, sites)).toBe("euda-2025");
    expect(defaultSourceFor([demo, euda], "140400", undefined)).toBe("euda-2025");
    // only simulated sources: the first one
    expect(defaultSourceFor([demo], null, sites)).toBe("changzhi-demo");
    expect(defaultSourceFor([], "140400", sites)).toBeUndefined();
  });

  it("a real source with sites in the jurisdiction wins over the simulated one, then the most local sites", () => {
    const lab = source("lab", 1);
    const county = source("county-lab-2025", 2);
    const withLab = [...sites, site("lab", "140405")];
    // lab: 1 local site, changzhi-demo: 3 but simulated → lab
    expect(defaultSourceFor([euda, demo, lab], "140400", withLab)).toBe("lab");
    // lab 1 vs county-lab-2025 2 local sites → county-lab-2025
    const withCounty = [...withLab, site("county-lab-2025", "140423"), site("county-lab-2025", "140423")];
    expect(defaultSourceFor([euda, demo, lab, county], "140400", withCounty)).toBe("county-lab-2025");
  });
});
