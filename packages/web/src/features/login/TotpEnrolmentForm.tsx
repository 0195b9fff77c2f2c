import { Alert, Button, Form, Input, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { authErrorMessage } from "./errors.js";
import { useBeginTotp, useConfirmTotp } from "./totp-api.js";

/**
 * Mandatory second-factor enrolment (issue #3, SEC-04): the server generates the secret and renders the QR code
 * (SVG, no external service); the user scans it with an authenticator app (or types the secret, e.g.
 * `oathtool --totp -b SECRET`) and confirms with the current 6-digit code.
 */
export function TotpEnrolmentForm({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const begin = useBeginTotp();
  const confirm = useConfirmTotp();
  const enrolment = begin.data;
  return (
    <Space orientation="vertical" style={{ width: "100%" }} data-testid="totp-enrolment">
      <Alert type="warning" showIcon title={t("auth.totp.required")} />
      {!enrolment ? (
        <Button type="primary" block onClick={() => begin.mutate()} loading={begin.isPending} data-testid="totp-start">
          {t("auth.totp.start")}
        </Button>
      ) : (
        <>
          <Typography.Text>{t("auth.totp.scan")}</Typography.Text>
          <div style={{ textAlign: "center" }}>
            <img
              alt={t("auth.totp.qrAlt")}
              width={200}
              height={200}
              data-testid="totp-qr"
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`}
            />
          </div>
          <Typography.Text type="secondary">{t("auth.totp.manual")}</Typography.Text>
          <Typography.Text code copyable data-testid="totp-secret">
            {enrolment.secret}
          </Typography.Text>
          <Form<{ code: string }>
            layout="vertical"
            onFinish={(v) => confirm.mutate(v.code.trim(), { onSuccess: () => onDone?.() })}
          >
            <Form.Item
              name="code"
              label={t("auth.totp.code")}
              rules={[
                { required: true, message: t("auth.required") },
                { pattern: /^\s*\d{6}\s*$/, message: t("auth.totp.codeRule") },
              ]}
            >
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={8} data-testid="totp-code" />
            </Form.Item>
            {confirm.error ? (
              <Alert
                type="error"
                showIcon
                data-testid="totp-error"
                title={authErrorMessage(confirm.error, t)}
                style={{ marginBottom: 16 }}
              />
            ) : null}
            <Button type="primary" htmlType="submit" block loading={confirm.isPending} data-testid="totp-confirm">
              {t("auth.totp.confirm")}
            </Button>
          </Form>
        </>
      )}
      {begin.error ? <Alert type="error" showIcon title={authErrorMessage(begin.error, t)} /> : null}
    </Space>
  );
}
