import { Alert, Card, Descriptions, Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { ImportError, ImportReport } from "../../api/types.js";
import { ImportErrorsTable } from "./ImportErrorsTable.js";

export const STATUS_COLORS: Record<string, string> = {
  imported: "green",
  unchanged: "blue",
  validated: "cyan",
  rejected: "red",
};

/** Plausibility warnings of a report (rows imported as written; e.g. a unit that looks wrong); nothing when none. */
export function ImportWarnings({ warnings }: { warnings: ImportError[] }) {
  const { t } = useTranslation();
  if (warnings.length === 0) return null;
  return (
    <div style={{ marginTop: 12 }} data-testid="import-warnings-block">
      <Alert type="warning" showIcon title={t("imports.warningsTitle")} style={{ marginBottom: 8 }} />
      <ImportErrorsTable errors={warnings} testId="import-warnings" />
    </div>
  );
}

/** The validation/import report of one file. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t("imports.reportTitle")} data-testid="import-report">
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2, lg: 4 }}
        items={[
          {
            key: "status",
            label: t("imports.status"),
            children: (
              <Tag color={STATUS_COLORS[report.status]} data-testid="import-status">
                {t(`imports.statuses.${report.status}`)}
              </Tag>
            ),
          },
          { key: "dry", label: t("imports.dryRun"), children: report.dryRun ? t("common.yes") : t("common.no") },
          { key: "file", label: t("imports.file"), children: report.file },
          { key: "format", label: t("imports.format"), children: t(`imports.formats.${report.format}`) },
          { key: "encoding", label: t("imports.encoding"), children: report.encoding },
          { key: "rows", label: t("imports.rows"), children: report.rows },
          { key: "sites", label: t("imports.sites"), children: report.sites },
          { key: "samples", label: t("imports.samples"), children: report.samples },
          { key: "inserted", label: t("imports.inserted"), children: report.measurements.inserted },
          { key: "unchanged", label: t("imports.unchanged"), children: report.measurements.unchanged },
          { key: "revised", label: t("imports.revised"), children: report.measurements.revised },
          { key: "errors", label: t("imports.errorCount"), children: report.errors.length },
          { key: "warnings", label: t("imports.warningCount"), children: report.warnings?.length ?? 0 },
          { key: "sha", label: "SHA-256", span: 4, children: <code style={{ fontSize: 11 }}>{report.sha256}</code> },
        ]}
      />
      {report.errors.length > 0 ? (
        <div style={{ marginTop: 12 }}>
          <ImportErrorsTable errors={report.errors} />
        </div>
      ) : null}
      <ImportWarnings warnings={report.warnings ?? []} />
    </Card>
  );
}
