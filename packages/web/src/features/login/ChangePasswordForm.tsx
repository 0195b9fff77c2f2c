import { Alert, Button, Form, Input } from "antd";
import { useTranslation } from "react-i18next";
import { useChangePassword } from "../../api/auth.js";
import { authErrorMessage } from "./errors.js";

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

/** Change-password form (new password ≥ 12 characters, per the contract's ChangePasswordRequest). */
export function ChangePasswordForm({ oldPassword, onDone }: { oldPassword?: string; onDone?: () => void }) {
  const { t } = useTranslation();
  const change = useChangePassword();
  return (
    <Form<Values>
      layout="vertical"
      data-testid="change-password-form"
      initialValues={{ oldPassword: oldPassword ?? "" }}
      onFinish={(values) =>
        change.mutate(
          { oldPassword: values.oldPassword, newPassword: values.newPassword },
          { onSuccess: () => onDone?.() },
        )
      }
    >
      <Alert type="warning" showIcon title={t("auth.mustChangePassword")} style={{ marginBottom: 16 }} />
      <Form.Item
        name="oldPassword"
        label={t("auth.oldPassword")}
        rules={[{ required: true, message: t("auth.required") }]}
        hidden={Boolean(oldPassword)}
      >
        <Input.Password autoComplete="current-password" data-testid="old-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t("auth.newPassword")}
        extra={t("auth.passwordRule")}
        rules={[
          { required: true, message: t("auth.required") },
          { min: 12, message: t("auth.passwordRule") },
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t("auth.confirmPassword")}
        dependencies={["newPassword"]}
        rules={[
          { required: true, message: t("auth.required") },
          ({ getFieldValue }) => ({
            validator: (_rule, value) =>
              !value || getFieldValue("newPassword") === value
                ? Promise.resolve()
                : Promise.reject(new Error(t("auth.passwordMismatch"))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="confirm-password" />
      </Form.Item>
      {change.error ? (
        <Alert type="error" showIcon title={authErrorMessage(change.error, t)} style={{ marginBottom: 16 }} />
      ) : null}
      <Button type="primary" htmlType="submit" block loading={change.isPending} data-testid="change-password-submit">
        {t("auth.changePassword")}
      </Button>
    </Form>
  );
}
