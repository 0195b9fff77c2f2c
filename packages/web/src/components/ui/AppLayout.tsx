import { Button, Layout, Menu, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Outlet, useLocation, useNavigate } from "react-router";
import { useLogout, useMe } from "../../api/auth.js";
import { InboxBadge } from "../../features/warning/InboxBadge.js";
import { LanguageSwitch } from "./LanguageSwitch.js";

const NAV = [
  { key: "/", label: "nav.overview" },
  { key: "/map", label: "nav.map" },
  { key: "/trends", label: "nav.trends" },
  { key: "/assessment", label: "nav.assessment" },
  { key: "/reports", label: "nav.reports" },
  { key: "/alerts", label: "nav.alerts" },
  { key: "/leads", label: "nav.leads" },
  { key: "/care", label: "nav.care" },
  { key: "/care-stats", label: "nav.careAggregates" },
  { key: "/imports", label: "nav.imports" },
  { key: "/admin", label: "nav.admin" },
] as const;

/** Header (title, navigation, language switch, user, logout) + the routed page. */
export function AppLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { data: me } = useMe();
  const logout = useLogout();
  const selected =
    NAV.find((n) => n.key !== "/" && location.pathname.startsWith(n.key))?.key ??
    (location.pathname === "/"
      ? "/"
      : location.pathname.startsWith("/sites")
        ? "/map"
        : location.pathname.startsWith("/network")
          ? "/alerts"
          : "");
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header style={{ display: "flex", alignItems: "center", gap: 24, paddingInline: 24 }}>
        <Typography.Title level={4} style={{ color: "#fff", margin: 0, whiteSpace: "nowrap" }} data-testid="app-title">
          {t("app.shortTitle")}
        </Typography.Title>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[selected]}
          style={{ flex: 1, minWidth: 0 }}
          onClick={({ key }) => navigate(key)}
          items={NAV.map((n) => ({
            key: n.key,
            label: <span data-testid={`nav-${n.key.slice(1) || "overview"}`}>{t(n.label)}</span>,
          }))}
        />
        <Space size="middle">
          <InboxBadge />
          <LanguageSwitch />
          <Typography.Text style={{ color: "#d9d9d9" }} data-testid="current-user">
            {me?.username}
          </Typography.Text>
          <Button
            size="small"
            data-testid="logout"
            onClick={() => logout.mutate(undefined, { onSettled: () => navigate("/login") })}
          >
            {t("auth.logout")}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <Outlet />
      </Layout.Content>
      <Layout.Footer style={{ textAlign: "center", color: "#888", padding: "12px 24px" }}>
        {t("app.footer")}
      </Layout.Footer>
    </Layout>
  );
}
