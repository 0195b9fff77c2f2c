import { Input, Modal, Radio, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PurposeChoice } from "./purpose.js";

/**
 * Asks for the purpose of a person-level look-up (SEC-06): the open case (`case:<id>`), review, statistics, or
 * free text. `onSubmit` receives the choice (the caller remembers it for the session and retries).
 */
export function PurposeModal(props: {
  open: boolean;
  caseId: string;
  onSubmit: (choice: PurposeChoice) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<PurposeChoice["kind"]>("case");
  const [text, setText] = useState("");
  const valid = kind !== "other" || text.trim() !== "";
  return (
    <Modal
      open={props.open}
      title={t("purpose.title")}
      okText={t("purpose.submit")}
      cancelText={t("purpose.cancel")}
      okButtonProps={{ disabled: !valid, "data-testid": "purpose-submit" } as never}
      onOk={() => props.onSubmit(kind === "other" ? { kind, text: text.trim() } : { kind })}
      onCancel={props.onCancel}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t("purpose.hint")}</Typography.Paragraph>
      <Radio.Group
        value={kind}
        onChange={(e) => setKind(e.target.value as PurposeChoice["kind"])}
        data-testid="purpose-kind"
      >
        <Space direction="vertical">
          <Radio value="case">{t("purpose.case", { id: props.caseId })}</Radio>
          <Radio value="review">{t("purpose.review")}</Radio>
          <Radio value="statistics">{t("purpose.statistics")}</Radio>
          <Radio value="other">{t("purpose.other")}</Radio>
        </Space>
      </Radio.Group>
      {kind === "other" ? (
        <Input
          style={{ marginTop: 12 }}
          maxLength={200}
          value={text}
          placeholder={t("purpose.otherPlaceholder")}
          onChange={(e) => setText(e.target.value)}
          data-testid="purpose-text"
        />
      ) : null}
    </Modal>
  );
}
