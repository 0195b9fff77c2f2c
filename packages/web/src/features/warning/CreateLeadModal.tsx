import type { AlertDetail } from "@tracewater/contract";
import { App, type ButtonProps, Form, Input, Modal, Select } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useCreateLead } from "../../api/warning.js";
import { useAnalyteName } from "../../components/ui/hooks.js";
import { addDays } from "./model.js";
import { CITY_CODE, chinaToday, useOrgUnits } from "./org-units.js";

/** Default time allowed to work a lead (days); editable in the form. */
export const DEFAULT_LEAD_DAYS = 14;

interface Values {
  title: string;
  description: string;
  orgUnit: string;
  deadline: string;
}

/** Creates a lead (线索) from an alert: `POST /leads {alertIds: [id]}` (the alert moves to `lead`); → the lead. */
export function CreateLeadModal({ alert, open, onClose }: { alert: AlertDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const analyteName = useAnalyteName();
  const units = useOrgUnits();
  const create = useCreateLead();
  const [form] = Form.useForm<Values>();
  const today = chinaToday();
  return (
    <Modal
      open={open}
      title={t("warning.lead.createTitle")}
      okText={t("warning.actions.createLead")}
      cancelText={t("warning.actions.cancel")}
      onCancel={onClose}
      confirmLoading={create.isPending}
      okButtonProps={{ "data-testid": "create-lead-submit" } as ButtonProps}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="create-lead-form"
        initialValues={{
          title: t("warning.lead.defaultTitle", {
            site: alert.siteName,
            analyte: analyteName(alert.analyte),
            level: t(`warning.level.${alert.level}`),
          }),
          description: "",
          orgUnit: alert.jurisdictionCode ?? CITY_CODE,
          deadline: addDays(today, DEFAULT_LEAD_DAYS),
        }}
        onFinish={(values) =>
          create.mutate(
            { ...values, alertIds: [alert.id] },
            {
              onSuccess: (lead) => {
                void message.success(t("warning.lead.created"));
                onClose();
                navigate(`/leads/${encodeURIComponent(lead.id)}`);
              },
              onError: (e) => void message.error(e.message),
            },
          )
        }
      >
        <Form.Item
          name="title"
          label={t("warning.fields.title")}
          rules={[{ required: true, whitespace: true, max: 200 }]}
        >
          <Input data-testid="lead-title" maxLength={200} />
        </Form.Item>
        <Form.Item name="orgUnit" label={t("warning.fields.orgUnit")} rules={[{ required: true }]}>
          <Select
            data-testid="lead-org-unit"
            showSearch={{ optionFilterProp: "label" }}
            options={units.map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))}
          />
        </Form.Item>
        <Form.Item
          name="deadline"
          label={t("warning.fields.deadline")}
          rules={[
            { required: true },
            {
              validator: (_, v: string) =>
                v && v < today ? Promise.reject(new Error(t("warning.lead.deadlinePast"))) : Promise.resolve(),
            },
          ]}
        >
          <Input type="date" data-testid="lead-deadline" min={today} />
        </Form.Item>
        <Form.Item name="description" label={t("warning.fields.description")}>
          <Input.TextArea rows={3} maxLength={10_000} data-testid="lead-description" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
