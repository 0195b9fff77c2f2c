import type { CareCaseFile } from "@tracewater/contract";
import { DEFAULT_STAGE_CRITERIA, RECOVERY_STAGES, type RecoveryStage } from "@tracewater/core";
import {
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { useRecordStage } from "./api.js";

type Stages = CareCaseFile["stages"];

/** The criterion's title in the current language (core DEFAULT_STAGE_CRITERIA carries zh and en). */
function criterionTitle(code: string, language: string): string {
  for (const stage of RECOVERY_STAGES)
    for (const c of DEFAULT_STAGE_CRITERIA[stage])
      if (c.code === code) return language === "en" ? c.titleEn : c.titleZh;
  return code;
}

/**
 * The three stages (生理脱毒 → 身心康复 → 融入社会; domain.md §1.9, core `stages.ts`): the current stage, the
 * criteria to leave it (core's default criteria, ⚠ data), the evaluator of each change, the history, and a form
 * to record an evaluation. The server replays the history through core `advanceStage` (one stage at a time,
 * back after a relapse) and refuses an illegal change with a 400 problem.
 */
export function StagesCard({ caseId, stages }: { caseId: string; stages: Stages }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const current = stages.at(-1);
  const currentStage = (current?.stage ?? null) as RecoveryStage | null;
  const criteria = currentStage ? DEFAULT_STAGE_CRITERIA[currentStage] : [];
  return (
    <Card
      size="small"
      title={t("care.stage.title")}
      data-testid="care-stages"
      extra={
        <Button size="small" data-testid="care-stage-record" onClick={() => setOpen(true)}>
          {t("care.stage.record")}
        </Button>
      }
    >
      <Space orientation="vertical" size="small" style={{ width: "100%" }}>
        <Space wrap size={4}>
          <Typography.Text>{t("care.stage.current")}:</Typography.Text>
          {currentStage ? (
            <Tag color="geekblue" data-testid="care-stage-current">
              {t(`care.stage.value.${currentStage}`)}
            </Tag>
          ) : (
            <Typography.Text type="secondary" data-testid="care-stage-current">
              {t("care.stage.none")}
            </Typography.Text>
          )}
          {current ? (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t("care.stage.since", { date: current.enteredOn, evaluator: current.evaluator })}
            </Typography.Text>
          ) : null}
        </Space>
        {criteria.length > 0 ? (
          <>
            <Typography.Text type="secondary">{t("care.stage.criteriaToLeave")}</Typography.Text>
            <List
              size="small"
              dataSource={[...criteria]}
              renderItem={(c) => (
                <List.Item style={{ paddingInline: 0 }} data-testid="care-stage-criterion">
                  {i18n.language === "en" ? c.titleEn : c.titleZh}
                </List.Item>
              )}
            />
          </>
        ) : null}
        {stages.length > 0 ? (
          <Timeline
            data-testid="care-stage-history"
            items={stages.map((s) => ({
              children: (
                <Space orientation="vertical" size={0}>
                  <span>
                    {s.enteredOn} {t(`care.stage.value.${s.stage}`)} — {s.reason} ({s.evaluator})
                  </span>
                  {s.criteria.length > 0 ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t("care.stage.criteriaMet")}:{" "}
                      {s.criteria.map((c) => criterionTitle(c, i18n.language)).join("；")}
                    </Typography.Text>
                  ) : null}
                </Space>
              ),
            }))}
          />
        ) : null}
      </Space>
      <StageModal caseId={caseId} current={currentStage} open={open} onClose={() => setOpen(false)} />
    </Card>
  );
}

interface Values {
  stage: RecoveryStage;
  enteredOn: Dayjs;
  criteria: string[];
  reason: string;
}

function StageModal({
  caseId,
  current,
  open,
  onClose,
}: {
  caseId: string;
  current: RecoveryStage | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Values>();
  const record = useRecordStage(caseId);
  const idx = current ? RECOVERY_STAGES.indexOf(current) : -1;
  // first the detoxification stage; then the next stage, or back one stage after a relapse (core advanceStage)
  const choices: RecoveryStage[] =
    idx < 0
      ? ["detoxification"]
      : [RECOVERY_STAGES[idx + 1], RECOVERY_STAGES[idx - 1]].filter((s): s is RecoveryStage => !!s);
  const criteria = current ? DEFAULT_STAGE_CRITERIA[current] : [];
  const submit = async () => {
    const v = await form.validateFields();
    await record.mutateAsync({
      stage: v.stage,
      enteredOn: v.enteredOn.format("YYYY-MM-DD"),
      criteria: v.criteria ?? [],
      reason: v.reason,
    });
    form.resetFields();
    onClose();
  };
  return (
    <Modal
      open={open}
      title={t("care.stage.record")}
      okText={t("care.save")}
      cancelText={t("care.cancel")}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={record.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ "data-testid": "care-stage-save" } as never}
    >
      <Form form={form} layout="vertical" initialValues={{ stage: choices[0], criteria: [] }}>
        <Form.Item name="stage" label={t("care.stage.to")} rules={[{ required: true }]}>
          <Select
            data-testid="care-stage-to"
            options={choices.map((s) => ({ value: s, label: t(`care.stage.value.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="enteredOn" label={t("care.date")} rules={[{ required: true }]}>
          <DatePicker style={{ width: "100%" }} data-testid="care-stage-date" />
        </Form.Item>
        {criteria.length > 0 ? (
          <Form.Item name="criteria" label={t("care.stage.criteriaMet")}>
            <Checkbox.Group
              style={{ display: "flex", flexDirection: "column", gap: 4 }}
              options={criteria.map((c) => ({ value: c.code, label: i18n.language === "en" ? c.titleEn : c.titleZh }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item name="reason" label={t("care.stage.reason")} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={2} data-testid="care-stage-reason" />
        </Form.Item>
      </Form>
      {record.error ? <ErrorAlert error={record.error} /> : null}
    </Modal>
  );
}
