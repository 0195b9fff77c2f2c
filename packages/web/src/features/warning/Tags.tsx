import type { AlertStatus, LeadStatus, WarningLevel } from "@tracewater/contract";
import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import { LEVEL_COLORS } from "./model.js";

/** Warning level (蓝/黄/橙/红) as a tag in the level's colour. */
export function LevelTag({ level }: { level: WarningLevel | null }) {
  const { t } = useTranslation();
  if (!level) return <Tag>{t("warning.level.none")}</Tag>;
  return (
    <Tag color={LEVEL_COLORS[level]} data-testid={`level-${level}`} style={{ fontWeight: 600 }}>
      {t(`warning.level.${level}`)}
    </Tag>
  );
}

const ALERT_STATUS_COLORS: Record<AlertStatus, string> = {
  new: "magenta",
  acknowledged: "gold",
  lead: "purple",
  dismissed: "default",
  closed: "default",
};

export function AlertStatusTag({ status }: { status: AlertStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={ALERT_STATUS_COLORS[status]} data-testid="alert-status">
      {t(`warning.alertStatus.${status}`)}
    </Tag>
  );
}

const LEAD_STATUS_COLORS: Record<LeadStatus, string> = {
  open: "blue",
  in_progress: "processing",
  reported: "green",
  closed: "default",
};

export function LeadStatusTag({ status }: { status: LeadStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={LEAD_STATUS_COLORS[status]} data-testid="lead-status">
      {t(`warning.leadStatus.${status}`)}
    </Tag>
  );
}

/** Deadline, red with an "overdue" tag when passed before the lead was reported. */
export function Deadline({ deadline, overdue }: { deadline: string; overdue: boolean }) {
  const { t } = useTranslation();
  return (
    <span
      data-testid={overdue ? "deadline-overdue" : "deadline"}
      style={overdue ? { color: "#cf1322", fontWeight: 600 } : undefined}
    >
      {deadline}
      {overdue ? (
        <Tag color="red" style={{ marginInlineStart: 6 }}>
          {t("warning.overdue")}
        </Tag>
      ) : null}
    </span>
  );
}
