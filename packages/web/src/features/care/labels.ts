/** Display helpers of care tasks: the i18n label of a task (template tasks carry their own zh/en title). */
import type { CareTask } from "@tracewater/contract";
import type { TFunction } from "i18next";

/** Fixed task kinds with an i18n label `care.taskKind.<kind>`. */
export const FIXED_TASK_KINDS = ["report_due", "transfer_report_due", "expiry", "test", "visit"] as const;

/** The label of a task in the current language. */
export function taskLabel(
  t: TFunction,
  task: Pick<CareTask, "kind" | "titleZh" | "titleEn">,
  language: string,
): string {
  if ((FIXED_TASK_KINDS as readonly string[]).includes(task.kind)) return t(`care.taskKind.${task.kind}`);
  const title = language === "en" ? (task.titleEn ?? task.titleZh) : (task.titleZh ?? task.titleEn);
  return title ?? task.kind;
}
