import { ROLES } from "@tracewater/contract";
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useMe } from "../../api/auth.js";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { authErrorMessage } from "../login/errors.js";
import { useLogoutEverywhere } from "../login/totp-api.js";
import {
  AUDIT_EXPORT_URL,
  useAssignRoles,
  useAudit,
  useCreateGrant,
  useCreateStaff,
  useGrants,
  useRevokeGrant,
  useStaff,
  useStaffAction,
  useStaffRoles,
  useVerifyAudit,
} from "./admin-api.js";

function StaffTab() {
  const { t } = useTranslation();
  const staff = useStaff(true);
  const create = useCreateStaff();
  const action = useStaffAction();
  const credential = create.data ?? (action.data && "password" in action.data ? action.data : undefined);
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Form<{ username: string }> layout="inline" onFinish={(v) => create.mutate(v.username.trim())}>
        <Form.Item name="username" rules={[{ required: true, message: t("auth.required") }]}>
          <Input placeholder={t("auth.username")} data-testid="admin-new-username" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="admin-create-staff">
          {t("admin.createStaff")}
        </Button>
      </Form>
      {credential ? (
        <Alert
          type="success"
          showIcon
          data-testid="admin-onetime"
          title={t("admin.oneTime", { username: credential.username })}
          description={
            <Typography.Text code copyable>
              {credential.password}
            </Typography.Text>
          }
        />
      ) : null}
      {create.error || action.error ? (
        <Alert type="error" showIcon title={authErrorMessage(create.error ?? action.error, t)} />
      ) : null}
      {staff.error ? <ErrorAlert error={staff.error} /> : null}
      <Table
        rowKey="username"
        size="small"
        loading={staff.isPending}
        dataSource={staff.data ?? []}
        pagination={false}
        data-testid="admin-staff-table"
        columns={[
          { title: t("auth.username"), dataIndex: "username" },
          {
            title: t("admin.roles"),
            dataIndex: "roles",
            render: (roles: string[]) => roles.map((r) => <Tag key={r}>{t(`admin.role.${r}`, r)}</Tag>),
          },
          { title: t("admin.jurisdiction"), dataIndex: "jurisdictionCode" },
          {
            title: t("admin.status"),
            render: (_, s) => (
              <Space>
                {s.disabled ? (
                  <Tag color="red">{t("admin.disabled")}</Tag>
                ) : (
                  <Tag color="green">{t("admin.active")}</Tag>
                )}
                {s.totpEnabled ? <Tag>TOTP</Tag> : null}
                {s.lockedUntil ? <Tag color="orange">{t("admin.locked")}</Tag> : null}
              </Space>
            ),
          },
          {
            title: "",
            render: (_, s) => (
              <Space>
                <Button
                  size="small"
                  onClick={() => action.mutate({ username: s.username, verb: s.disabled ? "enable" : "disable" })}
                >
                  {s.disabled ? t("admin.enable") : t("admin.disable")}
                </Button>
                <Button size="small" onClick={() => action.mutate({ username: s.username, verb: "reset" })}>
                  {t("admin.reset")}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}

function RolesTab() {
  const { t } = useTranslation();
  const staff = useStaffRoles(true);
  const assign = useAssignRoles();
  const grants = useGrants(true);
  const createGrant = useCreateGrant();
  const revoke = useRevokeGrant();
  const users = (staff.data ?? []).map((s) => ({ value: s.username, label: s.username }));
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="large">
      <Card size="small" title={t("admin.assignRoles")}>
        <Form<{ username: string; roles: string[]; jurisdictionCode?: string }>
          layout="inline"
          onFinish={(v) =>
            assign.mutate({
              username: v.username,
              roles: v.roles,
              jurisdictionCode: v.jurisdictionCode?.trim() || null,
            })
          }
        >
          <Form.Item name="username" rules={[{ required: true, message: t("auth.required") }]}>
            <Select
              style={{ width: 160 }}
              options={users}
              placeholder={t("auth.username")}
              data-testid="admin-role-user"
            />
          </Form.Item>
          <Form.Item name="roles" rules={[{ required: true, message: t("auth.required") }]}>
            <Select
              mode="multiple"
              style={{ width: 260 }}
              placeholder={t("admin.roles")}
              options={ROLES.map((r) => ({ value: r, label: t(`admin.role.${r}`) }))}
            />
          </Form.Item>
          <Form.Item name="jurisdictionCode">
            <Input style={{ width: 160 }} placeholder={t("admin.jurisdictionHint")} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={assign.isPending}>
            {t("admin.save")}
          </Button>
        </Form>
        {assign.error ? <Alert type="error" showIcon title={authErrorMessage(assign.error, t)} /> : null}
        {assign.isSuccess ? <Alert type="success" showIcon title={t("admin.saved")} /> : null}
      </Card>
      <Table
        rowKey="username"
        size="small"
        pagination={false}
        dataSource={staff.data ?? []}
        columns={[
          { title: t("auth.username"), dataIndex: "username" },
          {
            title: t("admin.roles"),
            dataIndex: "roles",
            render: (roles: string[]) => roles.map((r) => <Tag key={r}>{t(`admin.role.${r}`, r)}</Tag>),
          },
          { title: t("admin.jurisdiction"), dataIndex: "jurisdictionCode" },
        ]}
      />
      <Card size="small" title={t("admin.grants")}>
        <Form<{ username: string; jurisdictionCode: string; actions: string; reason: string; expiresAt: Dayjs }>
          layout="inline"
          onFinish={(v) =>
            createGrant.mutate({
              username: v.username,
              jurisdictionCode: v.jurisdictionCode.trim(),
              actions: v.actions.split(/[,\s]+/).filter(Boolean),
              reason: v.reason,
              expiresAt: v.expiresAt.toISOString(),
            })
          }
        >
          <Form.Item name="username" rules={[{ required: true, message: t("auth.required") }]}>
            <Select style={{ width: 140 }} options={users} placeholder={t("auth.username")} />
          </Form.Item>
          <Form.Item name="jurisdictionCode" rules={[{ required: true, message: t("auth.required") }]}>
            <Input style={{ width: 110 }} placeholder={t("admin.jurisdiction")} />
          </Form.Item>
          <Form.Item name="actions" rules={[{ required: true, message: t("auth.required") }]}>
            <Input style={{ width: 180 }} placeholder="monitoring.read, person.read" />
          </Form.Item>
          <Form.Item name="reason" rules={[{ required: true, message: t("auth.required") }]}>
            <Input style={{ width: 180 }} placeholder={t("admin.reason")} />
          </Form.Item>
          <Form.Item name="expiresAt" rules={[{ required: true, message: t("auth.required") }]}>
            <DatePicker showTime placeholder={t("admin.expiresAt")} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={createGrant.isPending}>
            {t("admin.grant")}
          </Button>
        </Form>
        {createGrant.error ? <Alert type="error" showIcon title={authErrorMessage(createGrant.error, t)} /> : null}
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={grants.data ?? []}
          columns={[
            { title: t("auth.username"), dataIndex: "username" },
            { title: t("admin.jurisdiction"), dataIndex: "jurisdictionCode" },
            { title: t("admin.actions"), dataIndex: "actions", render: (a: string[]) => a.join(", ") },
            { title: t("admin.reason"), dataIndex: "reason" },
            { title: t("admin.expiresAt"), dataIndex: "expiresAt" },
            {
              title: "",
              render: (_, g) =>
                g.active ? (
                  <Button size="small" danger onClick={() => revoke.mutate(g.id)}>
                    {t("admin.revoke")}
                  </Button>
                ) : (
                  <Tag>{g.revokedAt ? t("admin.revoked") : t("admin.expired")}</Tag>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

function AuditTab() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Record<string, string>>({ limit: "100" });
  const audit = useAudit(filter, true);
  const verify = useVerifyAudit();
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space wrap>
        <Form<{ actor?: string; action?: string }>
          layout="inline"
          onFinish={(v) =>
            setFilter({
              limit: "100",
              ...(v.actor?.trim() ? { actor: v.actor.trim() } : {}),
              ...(v.action?.trim() ? { action: v.action.trim() } : {}),
            })
          }
        >
          <Form.Item name="actor">
            <Input placeholder={t("admin.actor")} />
          </Form.Item>
          <Form.Item name="action">
            <Input placeholder={t("admin.action")} />
          </Form.Item>
          <Button htmlType="submit">{t("admin.filter")}</Button>
        </Form>
        <Button onClick={() => verify.mutate()} loading={verify.isPending} data-testid="admin-audit-verify">
          {t("admin.verify")}
        </Button>
        <Button href={AUDIT_EXPORT_URL}>{t("admin.export")}</Button>
      </Space>
      {verify.data ? (
        <Alert
          data-testid="admin-audit-verdict"
          type={verify.data.ok ? "success" : "error"}
          showIcon
          title={
            verify.data.ok
              ? t("admin.chainOk", { count: verify.data.count })
              : t("admin.chainBroken", { seq: verify.data.seq, reason: verify.data.reason })
          }
        />
      ) : null}
      {audit.error ? <ErrorAlert error={audit.error} /> : null}
      <Table
        rowKey="seq"
        size="small"
        loading={audit.isPending}
        dataSource={audit.data?.items ?? []}
        pagination={false}
        data-testid="admin-audit-table"
        columns={[
          { title: "#", dataIndex: "seq" },
          { title: t("admin.time"), dataIndex: "at" },
          { title: t("admin.actor"), dataIndex: "actor" },
          { title: t("admin.action"), dataIndex: "action" },
          { title: t("admin.object"), dataIndex: "object" },
          { title: t("admin.purpose"), dataIndex: "purpose" },
          {
            title: t("admin.outcome"),
            dataIndex: "outcome",
            render: (o: string) => <Tag color={o === "success" ? "green" : "red"}>{o}</Tag>,
          },
          { title: t("admin.client"), dataIndex: "clientAddress" },
        ]}
      />
    </Space>
  );
}

/** Administration (三权分立): each administrator sees only their own tab; everyone can log out everywhere. */
export default function AdminPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const logoutEverywhere = useLogoutEverywhere();
  const roles = new Set(me?.roles ?? []);
  const items = [
    roles.has("system_admin") || roles.has("admin")
      ? { key: "staff", label: t("admin.tabs.staff"), children: <StaffTab /> }
      : null,
    roles.has("security_admin") ? { key: "roles", label: t("admin.tabs.roles"), children: <RolesTab /> } : null,
    roles.has("audit_admin") ? { key: "audit", label: t("admin.tabs.audit"), children: <AuditTab /> } : null,
  ].filter((x) => x !== null);
  return (
    <Space orientation="vertical" style={{ width: "100%" }} data-testid="admin-page">
      <Card size="small" title={t("admin.account")}>
        <Space>
          <Typography.Text>
            {me?.username} · {(me?.roles ?? []).map((r) => t(`admin.role.${r}`, r)).join(", ")}
            {me?.jurisdictionCode ? ` · ${me.jurisdictionCode}` : ""}
          </Typography.Text>
          <Button
            data-testid="logout-everywhere"
            onClick={() => logoutEverywhere.mutate(undefined, { onSettled: () => navigate("/login") })}
          >
            {t("auth.logoutEverywhere")}
          </Button>
        </Space>
      </Card>
      {items.length ? <Tabs items={items} /> : <Alert type="info" showIcon title={t("admin.noAdminRole")} />}
    </Space>
  );
}
