import type { CareTask } from "@tracewater/contract";
import { Empty, List, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { taskLabel } from "./labels.js";

/** Tasks as a touch-friendly list (overdue ones in red, as the server sorted them: overdue first). */
export function TaskList({ tasks, testId }: { tasks: CareTask[]; testId: string }) {
  const { t, i18n } = useTranslation();
  if (tasks.length === 0) return <Empty description={t("care.noTasks")} />;
  return (
    <List
      data-testid={testId}
      dataSource={tasks}
      renderItem={(task) => (
        <List.Item
          data-testid="care-task"
          data-overdue={task.overdue ? "true" : "false"}
          style={task.overdue ? { background: "#fff1f0", paddingInline: 8 } : { paddingInline: 8 }}
        >
          <Space orientation="vertical" size={0} style={{ width: "100%" }}>
            <Space wrap size={4}>
              {task.overdue ? <Tag color="red">{t("care.overdue")}</Tag> : null}
              <Typography.Text strong data-testid="care-task-label">
                {taskLabel(t, task, i18n.language)}
              </Typography.Text>
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              <span data-testid="care-task-due">{task.dueOn}</span> · {task.place}
            </Typography.Text>
            {task.caseId ? (
              <Link to={`/care/cases/${encodeURIComponent(task.caseId)}`} data-testid="care-task-case">
                {task.personName ?? t("care.openCase")}
              </Link>
            ) : null}
          </Space>
        </List.Item>
      )}
    />
  );
}
