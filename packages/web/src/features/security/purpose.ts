/**
 * Purpose codes of person-level look-ups (docs/domain.md SEC-06): staff outside the case's assignment must state
 * why they open a person or case record; the server requires it (403 problem `forbidden` with reason
 * `purpose-required`) and writes it into the audit log of every read. The code is asked before the first look-up
 * (`PurposeModal`) and remembered for the browser session (sessionStorage, cleared when the tab closes), then sent
 * as header `X-Purpose` and query `purpose` (the care API's contract). Codes: `case:<id>` (the case being opened), `review`, `statistics`, or free text.
 */
import { useCallback, useState } from "react";

export const PURPOSE_HEADER = "X-Purpose";
const STORAGE_KEY = "tracewater.purpose";

/** The purpose a user chose; `case` stands for `case:<id>` of whichever case is opened. */
export type PurposeChoice =
  | { kind: "case" }
  | { kind: "review" }
  | { kind: "statistics" }
  | { kind: "other"; text: string };

/** The purpose code sent for a look-up of case `caseId`. */
export function purposeCode(choice: PurposeChoice, caseId: string): string {
  if (choice.kind === "case") return `case:${caseId}`;
  if (choice.kind === "other") return choice.text.trim().slice(0, 200);
  return choice.kind;
}

function load(): PurposeChoice | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    const v = raw ? (JSON.parse(raw) as PurposeChoice) : null;
    if (v && (v.kind === "case" || v.kind === "review" || v.kind === "statistics")) return v;
    if (v && v.kind === "other" && typeof v.text === "string" && v.text.trim() !== "") return v;
  } catch {
    // unreadable storage: ask again
  }
  return null;
}

/** The purpose remembered for this browser session, and a setter (null forgets it). */
export function useSessionPurpose(): [PurposeChoice | null, (choice: PurposeChoice | null) => void] {
  const [choice, setChoice] = useState<PurposeChoice | null>(load);
  const set = useCallback((next: PurposeChoice | null) => {
    if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else sessionStorage.removeItem(STORAGE_KEY);
    setChoice(next);
  }, []);
  return [choice, set];
}

/**
 * Field roles (scope `assigned` in the server's `security/roles.ts`): their reads of their own assigned cases need
 * no stated purpose (the assignment is the purpose, SEC-06); the UI sends {@link CASEWORK_PURPOSE}.
 */
const FIELD_ROLES: ReadonlySet<string> = new Set(["drug_control_officer", "grid_worker"]);

/** Purpose code sent by field workers for their own casework. */
export const CASEWORK_PURPOSE = "casework";

/** True when a user with `roles` must state a purpose before a person-level look-up (any non-field role). */
export function needsPurposePrompt(roles: readonly string[]): boolean {
  return roles.some((r) => !FIELD_ROLES.has(r));
}
