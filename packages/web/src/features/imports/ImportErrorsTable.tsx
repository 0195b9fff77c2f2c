import { Table } from "antd";
import { useTranslation } from "react-i18next";
import type { ImportError } from "../../api/types.js";
import { importMessage } from "./import-message.js";

/**
 * Validation errors (or plausibility warnings, same shape): file, sheet, row, column, value and the message saying
 * what was expected, in the UI language (from the error's `code` and `params`; the server's English `message` for an
 * unknown code).
 */
export function ImportErrorsTable({ errors, testId = "import-errors" }: { errors: ImportError[]; testId?: string }) {
  const { t, i18n } = useTranslation();
  const hasSheet = errors.some((e) => e.sheet);
  return (
    <Table<ImportError & { key: number }>
      data-testid={testId}
      size="small"
      rowKey="key"
      dataSource={errors.map((e, key) => ({ ...e, key }))}
      pagination={{ pageSize: 20 }}
      columns={[
        { title: t("imports.file"), dataIndex: "file" },
        ...(hasSheet ? [{ title: t("imports.sheet"), dataIndex: "sheet" }] : []),
        { title: t("imports.row"), dataIndex: "row", align: "right" as const, render: (v: number | null) => v ?? "—" },
        { title: t("imports.column"), dataIndex: "column", render: (v: string | null) => v ?? "—" },
        {
          title: t("imports.value"),
          dataIndex: "value",
          render: (v: string | null) => (v === null ? "—" : <code>{v}</code>),
        },
        {
          title: t("imports.message"),
          dataIndex: "message",
          render: (_: string, e: ImportError) => importMessage(e, i18n),
        },
      ]}
    />
  );
}
