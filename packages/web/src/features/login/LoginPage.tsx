import { Alert, Button, Card, Form, Input, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { useLogin, useMe } from "../../api/auth.js";
import { LanguageSwitch } from "../../components/ui/LanguageSwitch.js";
import { ChangePasswordForm } from "./ChangePasswordForm.js";
import { authErrorMessage } from "./errors.js";

/** Username/password login; when the server flags mustChangePassword, the change-password form follows. */
export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get("next") ?? "/";
  const target = next.startsWith("/") && !next.startsWith("//") ? next : "/";
  const me = useMe();
  const login = useLogin();
  const [usedPassword, setUsedPassword] = useState<string>();

  if (me.data && !me.data.mustChangePassword) return <Navigate to={target} replace />;

  const mustChange = Boolean(me.data?.mustChangePassword);
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
            {mustChange ? t("auth.changePassword") : t("auth.loginTitle")}
          </Typography.Text>
          {mustChange ? (
            <ChangePasswordForm oldPassword={usedPassword} onDone={() => navigate(target, { replace: true })} />
          ) : (
            <Form<{ username: string; password: string }>
              layout="vertical"
              data-testid="login-form"
              onFinish={(values) => {
                setUsedPassword(values.password);
                login.mutate(values);
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
              {login.error ? (
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
