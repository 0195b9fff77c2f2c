import { Badge, Card, Col, Empty, List, Row, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { useMyCases, useMyTasks } from "./api.js";
import { TaskList } from "./TaskList.js";
import { WeekCalendar } from "./WeekCalendar.js";

/** A field worker's day: my tasks (overdue first), my cases and the week's calendar. One column on a phone, two on a desk. */
export default function CarePage() {
  const { t } = useTranslation();
  const tasks = useMyTasks();
  const cases = useMyCases();
  const overdue = tasks.data?.filter((x) => x.overdue).length ?? 0;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="care-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("care.title")}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={
              <Space>
                {t("care.myTasks")}
                {overdue > 0 ? (
                  <Badge count={overdue} title={t("care.overdue")} data-testid="care-overdue-count" />
                ) : null}
              </Space>
            }
          >
            {tasks.error ? (
              <ErrorAlert error={tasks.error} />
            ) : (
              <TaskList tasks={tasks.data ?? []} testId="care-my-tasks" />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t("care.myCases")}>
            {cases.error ? (
              <ErrorAlert error={cases.error} />
            ) : (cases.data ?? []).length === 0 ? (
              <Empty description={t("care.noCases")} />
            ) : (
              <List
                data-testid="care-my-cases"
                dataSource={cases.data ?? []}
                renderItem={(c) => (
                  <List.Item data-testid="care-case-item" style={{ paddingInline: 8 }}>
                    <Space orientation="vertical" size={0} style={{ width: "100%" }}>
                      <Space wrap size={4}>
                        <Link to={`/care/cases/${encodeURIComponent(c.id)}`} data-testid="care-case-link">
                          {c.personName ?? c.id}
                        </Link>
                        {c.status ? <Tag>{t(`care.status.${c.status}`)}</Tag> : null}
                        {c.synthetic ? <Tag color="purple">{t("care.synthetic")}</Tag> : null}
                        {c.overdueTasks ? (
                          <Tag color="red">{t("care.overdueCount", { count: c.overdueTasks })}</Tag>
                        ) : null}
                      </Space>
                      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                        {c.measure ? t(`care.measure.${c.measure}`) : ""}
                        {c.nextTask ? ` · ${t("care.next")}: ${c.nextTask.dueOn}` : ""}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24}>
          <WeekCalendar />
        </Col>
      </Row>
    </Space>
  );
}
