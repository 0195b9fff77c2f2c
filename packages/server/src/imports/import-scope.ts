/**
 * Jurisdiction check of an import (issue #3; docs/domain.md SEC-05, least privilege by jurisdiction): an importer
 * may define sites and write measurements only inside the jurisdictions it reaches for `monitoring.import`
 * (`security/scope.ts` `scopeFor`). The API passes an {@link ImportScope}; the console CLI (trusted operator) and
 * the bundled seed pass none and are not restricted.
 *
 * With a scope, the pipeline (`import-pipeline.ts`) rejects — as row/column errors, nothing written:
 * - a site definition whose `jurisdiction_code` is not in the jurisdiction tree, or outside the scope;
 * - a site definition that would change a registered site whose CURRENT jurisdiction is outside the scope
 *   (no moving another district's site into one's own);
 * - a measurement row (or a row the parser rejected) for a site whose jurisdiction is outside the scope.
 * Sites without a jurisdiction (public reference data: EUDA/SCORE cities) are writable only when the scope
 * reaches a root of the jurisdiction tree (`referenceData`), i.e. by city-level staff.
 */
import { importIssue, type ImportError } from "@tracewater/contract";
import type { ParsedMeasurement, ParsedSite, RejectedRowSite } from "./parse/types.js";

export interface ImportScope {
  /** jurisdiction codes inside the importer's scope (the scope's subtrees) */
  jurisdictionCodes: ReadonlySet<string>;
  /** every code of the jurisdiction tree */
  treeCodes: ReadonlySet<string>;
  /** may write sites without a jurisdiction (the scope reaches a root of the tree) */
  referenceData: boolean;
}

/** At most this many scope errors are listed (the rest are counted in the last message). */
const MAX_LISTED = 1_000;

/** Collects the scope errors of one import; see the module comment. */
export class ImportScopeCheck {
  private readonly errors: ImportError[] = [];
  private leftOut = 0;

  /**
   * @param scope the importer's scope
   * @param siteJurisdictions site code → jurisdiction code (null = none) of every registered site; the file's own
   *   site definitions are added by {@link checkSites}
   */
  constructor(
    private readonly scope: ImportScope,
    private readonly siteJurisdictions: Map<string, string | null>,
  ) {}

  private push(e: ImportError): void {
    if (this.errors.length < MAX_LISTED) this.errors.push(e);
    else this.leftOut++;
  }

  private allows(code: string | null): boolean {
    return code === null ? this.scope.referenceData : this.scope.jurisdictionCodes.has(code);
  }

  private outside(code: string | null): string {
    return code === null
      ? "site without jurisdiction (reference data): only staff whose jurisdiction is a root of the tree may import it"
      : `jurisdiction ${code} is outside your jurisdiction scope for imports`;
  }

  /** Checks the file's site definitions (before they are written) and records their jurisdictions. */
  checkSites(sites: readonly ParsedSite[]): void {
    for (const s of sites) {
      const at = { file: s.file, sheet: s.sheet, row: s.row };
      const current = this.siteJurisdictions.get(s.code);
      if (current !== undefined && !this.allows(current)) {
        this.push({
          ...at,
          column: "site_code",
          value: s.code,
          message: `registered site ${s.code}: ${this.outside(current)}`,
          ...(current === null
            ? importIssue("scope-registered-reference-site", { site: s.code })
            : importIssue("scope-registered-site", { site: s.code, jurisdiction: current })),
        });
        continue;
      }
      const code = s.jurisdictionCode;
      if (code !== null && !this.scope.treeCodes.has(code)) {
        this.push({
          ...at,
          column: "jurisdiction_code",
          value: code,
          message: "unknown jurisdiction code (not in the jurisdiction tree, GB/T 2260)",
          ...importIssue("unknown-jurisdiction-tree", {}),
        });
        continue;
      }
      if (!this.allows(code)) {
        this.push({
          ...at,
          column: "jurisdiction_code",
          value: code,
          message: this.outside(code),
          ...(code === null ? importIssue("scope-reference-site", {}) : importIssue("scope-jurisdiction", { jurisdiction: code })),
        });
        continue;
      }
      this.siteJurisdictions.set(s.code, code);
    }
  }

  private checkRow(r: { file: string; sheet?: string | null; row: number; siteCode: string }, column: string): void {
    const code = this.siteJurisdictions.get(r.siteCode);
    if (code === undefined || this.allows(code)) return; // unknown sites are reported by the measurement writer
    this.push({
      file: r.file,
      sheet: r.sheet ?? null,
      row: r.row,
      column,
      value: r.siteCode,
      message: `site ${r.siteCode}: ${this.outside(code)}`,
      ...(code === null
        ? importIssue("scope-row-reference-site", { site: r.siteCode })
        : importIssue("scope-row-site", { site: r.siteCode, jurisdiction: code })),
    });
  }

  /** Checks measurement rows; `column` is the site-code column of the format. */
  checkRows(rows: readonly ParsedMeasurement[], column: string): void {
    for (const m of rows) this.checkRow(m, column);
  }

  /** Checks the site codes of rows the parser rejected. */
  checkRejected(refs: readonly RejectedRowSite[]): void {
    for (const r of refs) this.checkRow(r, r.column);
  }

  /** True when any scope error was found. */
  get failed(): boolean {
    return this.errors.length > 0;
  }

  /** The errors found so far (with a summary line when some were left out). */
  list(file: string): ImportError[] {
    if (this.leftOut === 0) return [...this.errors];
    return [
      ...this.errors,
      {
        file,
        sheet: null,
        row: null,
        column: null,
        value: null,
        message: `${this.leftOut} more rows outside your jurisdiction scope`,
        ...importIssue("more-scope-errors", { count: this.leftOut }),
      },
    ];
  }
}
