import { InboxOutlined } from "@ant-design/icons";
import { DataSourceLabel } from "@tracewater/contract";
import { Alert, Button, Card, Form, Input, Select, Space, Switch, Typography, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.js";
import { useImportFile } from "../../api/imports.js";
import type { ImportError, ImportFormat } from "../../api/types.js";
import { ImportBatchesTable } from "./ImportBatchesTable.js";
import { ImportErrorsTable } from "./ImportErrorsTable.js";
import { ImportReportView, ImportWarnings } from "./ImportReportView.js";

const FORMATS: ImportFormat[] = ["auto", "euda", "lab-long", "lab-wide", "odm", "sites"];

function isImportError(value: unknown): value is ImportError {
  return typeof value === "object" && value !== null && "message" in value && "file" in value;
}

/** Upload a lab/EUDA/ODM/sites file (dry run validates only); shows the report and the past batches. */
export default function ImportPage() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File>();
  const [format, setFormat] = useState<ImportFormat>("auto");
  const [dryRun, setDryRun] = useState(true);
  const [source, setSource] = useState("");
  const sourceOk = source === "" || DataSourceLabel.safeParse(source).success;
  const upload = useImportFile();
  const rejected = upload.error instanceof ApiError ? upload.error.errors.filter(isImportError) : [];
  // a rejected file's problem carries the full report: its plausibility warnings are shown with the errors
  const rejectedReport = upload.error instanceof ApiError ? (upload.error.problem as { report?: { warnings?: unknown[] } } | null)?.report : undefined;
  const rejectedWarnings = (rejectedReport?.warnings ?? []).filter(isImportError);

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="import-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("imports.title")}
      </Typography.Title>
      <Card size="small">
        <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
          <Form.Item label={t("imports.format")}>
            <Select<ImportFormat>
              data-testid="import-format"
              style={{ width: 220 }}
              value={format}
              onChange={setFormat}
              options={FORMATS.map((f) => ({ value: f, label: t(`imports.formats.${f}`) }))}
            />
          </Form.Item>
          <Form.Item label={t("imports.dryRun")} tooltip={t("imports.dryRunHelp")}>
            <Switch data-testid="import-dry-run" checked={dryRun} onChange={setDryRun} />
          </Form.Item>
          <Form.Item
            label={t("imports.source")}
            tooltip={t("imports.sourceHelp")}
            validateStatus={sourceOk ? undefined : "error"}
            help={sourceOk ? undefined : t("imports.sourceInvalid")}
          >
            <Input
              data-testid="import-source"
              style={{ width: 200 }}
              allowClear
              placeholder={t("imports.sourcePlaceholder")}
              value={source}
              onChange={(e) => setSource(e.target.value.trim())}
            />
          </Form.Item>
        </Form>
        <Upload.Dragger
          data-testid="import-upload"
          multiple={false}
          maxCount={1}
          accept=".csv,.txt,.tsv,.xlsx,.json"
          beforeUpload={(f) => {
            setFile(f);
            upload.reset();
            return false;
          }}
          onRemove={() => setFile(undefined)}
          fileList={file ? [{ uid: "selected", name: file.name, size: file.size, status: "done" as const }] : []}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t("imports.dropHint")}</p>
          <p className="ant-upload-hint">{t("imports.dropHelp")}</p>
        </Upload.Dragger>
        <Button
          type="primary"
          style={{ marginTop: 12 }}
          disabled={!file || !sourceOk}
          loading={upload.isPending}
          data-testid="import-submit"
          onClick={() => file && upload.mutate({ file, format, dryRun, ...(source ? { source } : {}) })}
        >
          {dryRun ? t("imports.validate") : t("imports.import")}
        </Button>
      </Card>
      {upload.data ? <ImportReportView report={upload.data} /> : null}
      {upload.error ? (
        <Card size="small" title={t("imports.reportTitle")} data-testid="import-report">
          <Alert
            type="error"
            showIcon
            title={t("imports.rejected")}
            description={
              rejected.length > 0
                ? t("imports.rejectedDetail", { file: file?.name ?? rejected[0]?.file ?? "", count: rejected.length })
                : upload.error.message
            }
            style={{ marginBottom: 12 }}
          />
          {rejected.length > 0 ? <ImportErrorsTable errors={rejected} /> : null}
          <ImportWarnings warnings={rejectedWarnings} />
        </Card>
      ) : null}
      <Card size="small" title={t("imports.batchesTitle")}>
        <ImportBatchesTable />
      </Card>
    </Space>
  );
}
