import { Alert, Button, Card, Form, Input, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { useLogin, useMe } from "../../api/auth.js";
import { ApiError } from "../../api/client.js";
import { LanguageSwitch } from "../../components/ui/LanguageSwitch.js";
import { visibleNav } from "../../components/ui/nav.js";
import { ChangePasswordForm } from "./ChangePasswordForm.js";
import { authErrorMessage } from "./errors.js";
import { TotpEnrolmentForm } from "./TotpEnrolmentForm.js";

/**
 * Username/password login (+ the authenticator code once the account has TOTP); then, as the server flags them,
 * the change of a one-time password and the mandatory TOTP enrolment.
 */
export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get("next") ?? "/";
  const me = useMe();
  // the home page is the first menu entry the roles can use (administrators, 三权分立, read no monitoring data and
  // land on the administration page; a 禁毒专干 on the care pages); an explicit `next` wins unless it is "/"
  const home = visibleNav(me.data?.capabilities)[0]?.key ?? "/";
  const safeNext = next.startsWith("/") && !next.startsWith("//") ? next : "/";
  const target = safeNext === "/" ? home : safeNext;
  const login = useLogin();
  const [usedPassword, setUsedPassword] = useState<string>();
  const [needsCode, setNeedsCode] = useState(false);

  if (me.data && !me.data.mustChangePassword && !me.data.mustEnrolTotp) return <Navigate to={target} replace />;

  const mustChange = Boolean(me.data?.mustChangePassword);
  const mustEnrol = !mustChange && Boolean(me.data?.mustEnrolTotp);
  const codeAsked = needsCode || (login.error instanceof ApiError && login.error.code === "totp-required");
  return (
    <div
      style={{
        minHeight: "100vh",
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        background: "#f0f2f5",
      }}
    >
      <Card style={{ width: 400 }} data-testid="login-card">
        <Space orientation="vertical" style={{ width: "100%" }} size="middle">
          <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center" }}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t("app.title")}
            </Typography.Title>
            <LanguageSwitch />
          </div>
          <Typography.Text type="secondary">
            {mustChange ? t("auth.changePassword") : mustEnrol ? t("auth.totp.title") : t("auth.loginTitle")}
          </Typography.Text>
          {mustChange ? (
            <ChangePasswordForm oldPassword={usedPassword} onDone={() => navigate(target, { replace: true })} />
          ) : mustEnrol ? (
            <TotpEnrolmentForm onDone={() => navigate(target, { replace: true })} />
          ) : (
            <Form<{ username: string; password: string; totpCode?: string }>
              layout="vertical"
              data-testid="login-form"
              onFinish={(values) => {
                setUsedPassword(values.password);
                const totpCode = values.totpCode?.trim();
                login.mutate(
                  { username: values.username, password: values.password, ...(totpCode ? { totpCode } : {}) },
                  {
                    onError: (error) => {
                      if (error instanceof ApiError && error.code === "totp-required") setNeedsCode(true);
                    },
                  },
                );
              }}
            >
              <Form.Item
                name="username"
                label={t("auth.username")}
                rules={[{ required: true, message: t("auth.required") }]}
              >
                <Input autoComplete="username" data-testid="login-username" autoFocus />
              </Form.Item>
              <Form.Item
                name="password"
                label={t("auth.password")}
                rules={[{ required: true, message: t("auth.required") }]}
              >
                <Input.Password autoComplete="current-password" data-testid="login-password" />
              </Form.Item>
              {codeAsked ? (
                <Form.Item
                  name="totpCode"
                  label={t("auth.totp.code")}
                  extra={t("auth.totp.codeHint")}
                  rules={[
                    { required: true, message: t("auth.required") },
                    { pattern: /^\s*\d{6}\s*$/, message: t("auth.totp.codeRule") },
                  ]}
                >
                  <Input inputMode="numeric" autoComplete="one-time-code" maxLength={8} data-testid="login-totp" />
                </Form.Item>
              ) : null}
              {login.error && !(login.error instanceof ApiError && login.error.code === "totp-required") ? (
                <Alert
                  type="error"
                  showIcon
                  data-testid="login-error"
                  title={authErrorMessage(login.error, t)}
                  style={{ marginBottom: 16 }}
                />
              ) : null}
              <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
                {t("auth.login")}
              </Button>
            </Form>
          )}
        </Space>
      </Card>
    </div>
  );
}
