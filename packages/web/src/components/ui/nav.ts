/** The application's navigation entries (AppLayout) and their capability filter. */

/**
 * Navigation entries and the capabilities that make each useful (any of them; `Me.capabilities` from the server's
 * role matrix, `security/roles.ts`). Hiding an entry is convenience only: the server decides every request.
 */
export const NAV: readonly { key: string; label: string; anyOf: readonly string[] }[] = [
  { key: "/", label: "nav.overview", anyOf: ["monitoring.read"] },
  { key: "/map", label: "nav.map", anyOf: ["monitoring.read"] },
  { key: "/trends", label: "nav.trends", anyOf: ["monitoring.read"] },
  { key: "/assessment", label: "nav.assessment", anyOf: ["aggregate.read"] },
  { key: "/reports", label: "nav.reports", anyOf: ["aggregate.read"] },
  { key: "/alerts", label: "nav.alerts", anyOf: ["monitoring.read"] },
  { key: "/leads", label: "nav.leads", anyOf: ["lead.read"] },
  { key: "/care", label: "nav.care", anyOf: ["case.read", "task.read"] },
  { key: "/care-stats", label: "nav.careAggregates", anyOf: ["aggregate.read"] },
  { key: "/imports", label: "nav.imports", anyOf: ["monitoring.import"] },
  {
    key: "/admin",
    label: "nav.admin",
    anyOf: [
      "system.configure",
      "staff.manage",
      "role.assign",
      "grant.manage",
      "security.policy",
      "keys.rotate",
      "audit.read",
    ],
  },
];

/** The entries `capabilities` can use, in menu order (none until `Me` is known). */
export function visibleNav(capabilities: readonly string[] | undefined) {
  const have = new Set(capabilities ?? []);
  return NAV.filter((n) => n.anyOf.some((c) => have.has(c)));
}
