import type { Notification } from "@tracewater/contract";
import { Badge, Button, Card, Empty, List, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useInbox, useMarkAllNotificationsRead, useMarkNotificationRead } from "../../api/warning.js";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { chinaDateTime } from "./model.js";
import { notificationText } from "./warning-message.js";
import { useWarningMessageNames } from "./warning-message-names.js";

/** Where a notification leads in the UI (null: no page of its own). */
export function notificationLink(n: Pick<Notification, "subject">): string | null {
  switch (n.subject.type) {
    case "alert":
      return `/alerts/${encodeURIComponent(n.subject.id)}`;
    case "lead":
      return `/leads/${encodeURIComponent(n.subject.id)}`;
    case "supervision_order":
      return "/leads";
    default:
      return null;
  }
}

/** The user's in-app inbox (站内消息): newest first; opening one marks it read. */
export default function InboxPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const names = useWarningMessageNames();
  const inbox = useInbox();
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    const link = notificationLink(n);
    if (link) navigate(link);
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="inbox-page">
      <Space style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("warning.inbox.title")} <Badge count={inbox.data?.unread ?? 0} />
        </Typography.Title>
        <Button
          disabled={!inbox.data?.unread}
          loading={markAll.isPending}
          onClick={() => markAll.mutate()}
          data-testid="inbox-read-all"
        >
          {t("warning.inbox.readAll")}
        </Button>
      </Space>
      {inbox.error ? <ErrorAlert error={inbox.error} /> : null}
      <Card size="small">
        <List<Notification>
          loading={inbox.isPending}
          dataSource={inbox.data?.items ?? []}
          locale={{ emptyText: <Empty description={t("warning.inbox.empty")} /> }}
          renderItem={(n) => {
            const text = notificationText(n, i18n, names);
            return (
              <List.Item
                data-testid={`notification-${n.id}`}
                style={{ cursor: "pointer", background: n.readAt ? undefined : "#e6f4ff", paddingInline: 12 }}
                onClick={() => open(n)}
                extra={<Typography.Text type="secondary">{chinaDateTime(n.createdAt)}</Typography.Text>}
              >
                <List.Item.Meta
                  title={
                    <Space>
                      <Tag>{t(`warning.inbox.kind.${n.kind}`)}</Tag>
                      <span style={{ fontWeight: n.readAt ? 400 : 600 }}>{text.title}</span>
                    </Space>
                  }
                  description={text.body}
                />
              </List.Item>
            );
          }}
        />
      </Card>
    </Space>
  );
}
