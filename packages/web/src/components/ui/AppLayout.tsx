import { MenuOutlined } from "@ant-design/icons";
import { Button, Drawer, Grid, Layout, Menu, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Outlet, useLocation, useNavigate } from "react-router";
import { useLogout, useMe } from "../../api/auth.js";
import { InboxBadge } from "../../features/warning/InboxBadge.js";
import { LanguageSwitch } from "./LanguageSwitch.js";
import { NAV, visibleNav } from "./nav.js";

/**
 * Header (title, navigation, language switch, user, logout) + the routed page. From 768 px (antd `md`) the
 * navigation is a horizontal menu; below, a menu button opens a drawer with the same entries, the language switch
 * and logout, so nothing overflows on a phone. Entries the user's roles cannot use are hidden.
 */
export function AppLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { data: me } = useMe();
  const logout = useLogout();
  const screens = Grid.useBreakpoint();
  // before the first measurement `md` is undefined: assume a desk (the e2e desktop tests click menu items)
  const narrow = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const nav = visibleNav(me?.capabilities);
  const selected =
    NAV.find((n) => n.key !== "/" && location.pathname.startsWith(n.key))?.key ??
    (location.pathname === "/"
      ? "/"
      : location.pathname.startsWith("/sites")
        ? "/map"
        : location.pathname.startsWith("/network")
          ? "/alerts"
          : "");
  const items = nav.map((n) => ({
    key: n.key,
    label: <span data-testid={`nav-${n.key.slice(1) || "overview"}`}>{t(n.label)}</span>,
  }));
  const doLogout = () => logout.mutate(undefined, { onSettled: () => navigate("/login") });
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header
        style={{ display: "flex", alignItems: "center", gap: narrow ? 8 : 24, paddingInline: narrow ? 12 : 24 }}
      >
        <Typography.Title
          level={4}
          style={{ color: "#fff", margin: 0, whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" }}
          data-testid="app-title"
        >
          {t("app.shortTitle")}
        </Typography.Title>
        {narrow ? (
          <>
            <span style={{ flex: 1 }} />
            <InboxBadge />
            <Button
              type="text"
              aria-label={t("nav.menu")}
              icon={<MenuOutlined style={{ color: "#fff", fontSize: 20 }} />}
              data-testid="menu-button"
              onClick={() => setDrawerOpen(true)}
            />
            <Drawer
              open={drawerOpen}
              onClose={() => setDrawerOpen(false)}
              placement="right"
              styles={{ body: { padding: 0 } }}
              title={me?.username}
              data-testid="menu-drawer"
            >
              <Menu
                mode="inline"
                selectedKeys={[selected]}
                onClick={({ key }) => {
                  setDrawerOpen(false);
                  navigate(key);
                }}
                items={items}
              />
              <Space orientation="vertical" style={{ padding: 16 }}>
                <LanguageSwitch />
                <Typography.Text data-testid="current-user">{me?.username}</Typography.Text>
                <Button data-testid="logout" onClick={doLogout}>
                  {t("auth.logout")}
                </Button>
              </Space>
            </Drawer>
          </>
        ) : (
          <>
            <Menu
              theme="dark"
              mode="horizontal"
              selectedKeys={[selected]}
              style={{ flex: 1, minWidth: 0 }}
              onClick={({ key }) => navigate(key)}
              items={items}
            />
            <Space size="middle">
              <InboxBadge />
              <LanguageSwitch />
              <Typography.Text style={{ color: "#d9d9d9" }} data-testid="current-user">
                {me?.username}
              </Typography.Text>
              <Button size="small" data-testid="logout" onClick={doLogout}>
                {t("auth.logout")}
              </Button>
            </Space>
          </>
        )}
      </Layout.Header>
      <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
        <Outlet />
      </Layout.Content>
      <Layout.Footer style={{ textAlign: "center", color: "#888", padding: "12px 24px" }}>
        {t("app.footer")}
      </Layout.Footer>
    </Layout>
  );
}
