import type { CareTask } from "@tracewater/contract";
import { Button, Card, Empty, List, Space, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { useCalendar } from "./api.js";
import { taskLabel } from "./labels.js";

/** Monday of the week of `d` (ISO 8601 weeks start on Monday; GB/T 7408). */
function mondayOf(d: dayjs.Dayjs): dayjs.Dayjs {
  return d.subtract((d.day() + 6) % 7, "day").startOf("day");
}

/**
 * A worker's calendar as a list by week (`GET /care/calendar?from=&to=`): seven days, Monday first, each day with
 * its open tasks; previous / this / next week. A list rather than a month grid so it reads on a phone.
 */
export function WeekCalendar() {
  const { t, i18n } = useTranslation();
  const [monday, setMonday] = useState(() => mondayOf(dayjs()));
  const from = monday.format("YYYY-MM-DD");
  const to = monday.add(6, "day").format("YYYY-MM-DD");
  const cal = useCalendar(from, to);
  const byDay = new Map<string, CareTask[]>();
  for (const task of cal.data ?? []) byDay.set(task.dueOn, [...(byDay.get(task.dueOn) ?? []), task]);
  const days = Array.from({ length: 7 }, (_, i) => monday.add(i, "day"));
  const today = dayjs().format("YYYY-MM-DD");
  return (
    <Card
      size="small"
      data-testid="care-calendar"
      title={t("care.calendar.title")}
      extra={
        <Space size={4}>
          <Button size="small" data-testid="care-calendar-prev" onClick={() => setMonday(monday.subtract(7, "day"))}>
            {t("care.calendar.prev")}
          </Button>
          <Button size="small" onClick={() => setMonday(mondayOf(dayjs()))}>
            {t("care.calendar.thisWeek")}
          </Button>
          <Button size="small" data-testid="care-calendar-next" onClick={() => setMonday(monday.add(7, "day"))}>
            {t("care.calendar.next")}
          </Button>
        </Space>
      }
    >
      <Typography.Text type="secondary" data-testid="care-calendar-range">
        {t("care.calendar.range", { from, to })}
      </Typography.Text>
      {cal.error ? <ErrorAlert error={cal.error} /> : null}
      <List
        loading={cal.isLoading}
        dataSource={days}
        renderItem={(d) => {
          const key = d.format("YYYY-MM-DD");
          const tasks = byDay.get(key) ?? [];
          return (
            <List.Item data-testid="care-calendar-day" data-date={key} style={{ paddingInline: 8, display: "block" }}>
              <Typography.Text strong={key === today} type={tasks.length === 0 ? "secondary" : undefined}>
                {key} {t(`care.calendar.weekday.${(d.day() + 6) % 7}`)}
                {key === today ? ` · ${t("care.calendar.today")}` : ""}
              </Typography.Text>
              {tasks.map((task) => (
                <div key={task.id} data-testid="care-calendar-task" style={{ marginTop: 4, paddingLeft: 8 }}>
                  <Space wrap size={4}>
                    {task.overdue ? <Tag color="red">{t("care.overdue")}</Tag> : null}
                    {task.caseId ? (
                      <Link to={`/care/cases/${encodeURIComponent(task.caseId)}`}>
                        {taskLabel(t, task, i18n.language)}
                      </Link>
                    ) : (
                      <Typography.Text>{taskLabel(t, task, i18n.language)}</Typography.Text>
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      {task.personName ? `${task.personName} · ` : ""}
                      {task.place}
                    </Typography.Text>
                  </Space>
                </div>
              ))}
            </List.Item>
          );
        }}
        locale={{ emptyText: <Empty /> }}
      />
    </Card>
  );
}
