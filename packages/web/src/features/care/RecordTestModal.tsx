import type { CareTestRecord } from "@tracewater/contract";
import { Form, Input, Modal, Radio, Select } from "antd";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { useRecordTest } from "./api.js";

interface Values {
  status: "done" | "missed" | "refused" | "evaded";
  matrix: "urine" | "saliva" | "blood" | "hair";
  result?: "negative" | "positive";
  substances?: string;
  hairResultRef?: string;
}

/** Records the outcome of a scheduled test (or an unannounced one when `testId` is absent). */
export function RecordTestModal({
  caseId,
  testId,
  open,
  onClose,
}: {
  caseId: string;
  testId?: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const record = useRecordTest(caseId);
  const status = Form.useWatch("status", form);
  const result = Form.useWatch("result", form);
  const matrix = Form.useWatch("matrix", form);
  const submit = async () => {
    const v = await form.validateFields();
    const body: CareTestRecord = {
      ...(testId ? { testId } : {}),
      status: v.status,
      ...(v.status === "done"
        ? {
            matrix: v.matrix,
            method: "field" as const,
            result: v.result ?? "negative",
            substances: v.result === "positive" ? (v.substances ?? "").split(/[,，\s]+/).filter(Boolean) : [],
            ...(v.matrix === "hair" && v.hairResultRef ? { hairResultRef: v.hairResultRef } : {}),
          }
        : {}),
      collectedAt: new Date().toISOString(),
    };
    await record.mutateAsync(body);
    form.resetFields();
    onClose();
  };
  return (
    <Modal
      open={open}
      title={t("care.recordTest")}
      okText={t("care.save")}
      cancelText={t("care.cancel")}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={record.isPending}
      okButtonProps={{ "data-testid": "care-test-save" } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ status: "done", matrix: "urine", result: "negative" }}>
        <Form.Item name="status" label={t("care.testStatus")}>
          <Radio.Group data-testid="care-test-status">
            {(["done", "missed", "refused", "evaded"] as const).map((s) => (
              <Radio.Button key={s} value={s}>
                {t(`care.testStatusValue.${s}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        {status === "done" ? (
          <>
            <Form.Item name="matrix" label={t("care.matrix")}>
              <Select
                data-testid="care-test-matrix"
                options={(["urine", "saliva", "blood", "hair"] as const).map((m) => ({
                  value: m,
                  label: t(`care.matrixValue.${m}`),
                }))}
              />
            </Form.Item>
            {matrix === "hair" ? (
              <Form.Item name="hairResultRef" label={t("care.hairResultRef")} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
            ) : null}
            <Form.Item name="result" label={t("care.result")}>
              <Radio.Group data-testid="care-test-result">
                <Radio.Button value="negative" data-testid="care-test-negative">
                  {t("care.resultValue.negative")}
                </Radio.Button>
                <Radio.Button value="positive" data-testid="care-test-positive">
                  {t("care.resultValue.positive")}
                </Radio.Button>
              </Radio.Group>
            </Form.Item>
            {result === "positive" ? (
              <Form.Item name="substances" label={t("care.substances")} rules={[{ required: true }]}>
                <Input placeholder="methamphetamine" />
              </Form.Item>
            ) : null}
          </>
        ) : null}
      </Form>
      {record.error ? <ErrorAlert error={record.error} /> : null}
    </Modal>
  );
}
