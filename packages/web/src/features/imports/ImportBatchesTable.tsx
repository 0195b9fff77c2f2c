import { Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { useImportBatches } from "../../api/imports.js";
import type { ImportBatch } from "../../api/types.js";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { STATUS_COLORS } from "./ImportReportView.js";

/** Past import batches (`GET /imports`). */
export function ImportBatchesTable() {
  const { t, i18n } = useTranslation();
  const batches = useImportBatches();
  if (batches.error) return <ErrorAlert error={batches.error} />;
  return (
    <Table<ImportBatch>
      data-testid="import-batches"
      size="small"
      rowKey="id"
      loading={batches.isPending}
      dataSource={batches.data?.items ?? []}
      pagination={{ pageSize: 20 }}
      columns={[
        {
          title: t("imports.time"),
          dataIndex: "createdAt",
          render: (v: string) => new Date(v).toLocaleString(i18n.language),
        },
        { title: t("imports.file"), dataIndex: "file" },
        {
          title: t("imports.format"),
          dataIndex: "format",
          render: (v: string) => t(`imports.formats.${v}`, { defaultValue: v }),
        },
        { title: t("imports.encoding"), dataIndex: "encoding" },
        {
          title: t("imports.dryRunColumn"),
          dataIndex: "dryRun",
          render: (v: boolean) => (v ? t("common.yes") : t("common.no")),
        },
        { title: t("imports.rows"), dataIndex: "rows", align: "right" },
        {
          title: t("imports.inserted"),
          key: "inserted",
          align: "right",
          render: (_: unknown, b: ImportBatch) => b.measurements.inserted,
        },
        {
          title: t("imports.revised"),
          key: "revised",
          align: "right",
          render: (_: unknown, b: ImportBatch) => b.measurements.revised,
        },
        {
          title: t("imports.errorCount"),
          dataIndex: "errors",
          align: "right",
          render: (v: ImportBatch["errors"]) => v.length,
        },
        {
          title: t("imports.status"),
          dataIndex: "status",
          render: (v: string) => <Tag color={STATUS_COLORS[v]}>{t(`imports.statuses.${v}`, { defaultValue: v })}</Tag>,
        },
        { title: t("imports.actor"), dataIndex: "actor", render: (v: string | null) => v ?? "—" },
      ]}
    />
  );
}
