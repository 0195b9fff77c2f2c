import { BellOutlined } from "@ant-design/icons";
import { Badge, Button, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useInbox } from "../../api/warning.js";

/** Header bell with the number of unread in-app notifications (`GET /inbox`, polled); click → the inbox. */
export function InboxBadge() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const inbox = useInbox();
  const unread = inbox.data?.unread ?? 0;
  return (
    <Tooltip title={t("warning.inbox.title")}>
      <Badge count={unread} size="small" offset={[-4, 4]} data-testid="inbox-badge">
        <Button
          type="text"
          aria-label={t("warning.inbox.title")}
          data-testid="inbox-button"
          icon={<BellOutlined style={{ color: "#fff", fontSize: 18 }} />}
          onClick={() => navigate("/inbox")}
        />
      </Badge>
    </Tooltip>
  );
}
