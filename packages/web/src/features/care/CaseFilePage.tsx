import type { CareTask } from "@tracewater/contract";
import { Button, Card, Col, Descriptions, Empty, List, Row, Space, Spin, Table, Tag, Timeline, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { useMe } from "../../api/auth.js";
import { CASEWORK_PURPOSE, needsPurposePrompt, purposeCode, useSessionPurpose } from "../security/purpose.js";
import { PurposeModal } from "../security/PurposeModal.js";
import { useCaseFile, useCompleteTask } from "./api.js";
import { taskLabel } from "./labels.js";
import { RecordTestModal } from "./RecordTestModal.js";
import { StagesCard } from "./StagesCard.js";

/** The case file (一人一档) as the caller may see it: next task first, record a test in one tap. */
export default function CaseFilePage() {
  const { id = "" } = useParams();
  const { t, i18n } = useTranslation();
  // SEC-06: staff other than field workers state a purpose code before a look-up, once per browser session
  const me = useMe();
  const [purpose, setPurpose] = useSessionPurpose();
  const ask = me.data ? needsPurposePrompt(me.data.roles) : null;
  const code = ask === false ? CASEWORK_PURPOSE : ask && purpose ? purposeCode(purpose, id) : null;
  const file = useCaseFile(id, code);
  const [testTask, setTestTask] = useState<CareTask | null>(null);
  const complete = useCompleteTask(id);
  if (ask && !purpose)
    return <PurposeModal open caseId={id} onSubmit={setPurpose} onCancel={() => window.history.back()} />;
  if (file.error) return <ErrorAlert error={file.error} />;
  if (!file.data) return <Spin />;
  const f = file.data;
  const next = f.tasks[0];
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="care-case-page">
      <Space wrap>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="care-case-name">
          {f.person.name ?? f.case.id}
        </Typography.Title>
        {f.case.status ? (
          <Tag color="blue" data-testid="care-case-status">
            {t(`care.status.${f.case.status}`)}
          </Tag>
        ) : null}
        {f.case.synthetic ? <Tag color="purple">{t("care.synthetic")}</Tag> : null}
      </Space>
      <Card size="small" title={t("care.nextTask")} data-testid="care-next-task">
        {next ? (
          <Space wrap>
            {next.overdue ? <Tag color="red">{t("care.overdue")}</Tag> : null}
            <Typography.Text strong data-testid="care-next-task-label">
              {taskLabel(t, next, i18n.language)}
            </Typography.Text>
            <Typography.Text data-testid="care-next-task-due">{next.dueOn}</Typography.Text>
            <Typography.Text type="secondary">{next.place}</Typography.Text>
          </Space>
        ) : (
          <Empty description={t("care.noTasks")} />
        )}
      </Card>
      {complete.error ? <ErrorAlert error={complete.error} /> : null}
      {(f.alerts ?? []).length > 0 ? (
        <Card size="small" title={t("care.alerts")} data-testid="care-alerts">
          <List
            size="small"
            dataSource={f.alerts ?? []}
            renderItem={(a) => (
              <List.Item style={{ paddingInline: 0 }}>
                <Space wrap size={4}>
                  {a.overdue ? <Tag color="red">{t("care.overdue")}</Tag> : <Tag color="gold">{t("care.due")}</Tag>}
                  <Typography.Text>{t(`care.alert.${a.kind}`)}</Typography.Text>
                  <Typography.Text type="secondary">{a.dueDate}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t("care.openTasks")}>
            <List
              data-testid="care-case-tasks"
              dataSource={f.tasks}
              locale={{ emptyText: t("care.noTasks") }}
              renderItem={(task) => (
                <List.Item
                  data-testid="care-case-task"
                  actions={
                    task.kind === "test" && task.testId
                      ? [
                          <Button
                            key="rec"
                            type="primary"
                            size="small"
                            data-testid="care-record-test"
                            onClick={() => setTestTask(task)}
                          >
                            {t("care.recordTest")}
                          </Button>,
                        ]
                      : task.kind !== "visit"
                        ? [
                            <Button
                              key="done"
                              size="small"
                              data-testid="care-complete-task"
                              loading={complete.isPending && complete.variables === task.id}
                              onClick={() => complete.mutate(task.id)}
                            >
                              {t("care.markDone")}
                            </Button>,
                          ]
                        : []
                  }
                  style={task.overdue ? { background: "#fff1f0", paddingInline: 8 } : { paddingInline: 8 }}
                >
                  <Space orientation="vertical" size={0}>
                    <Typography.Text>{taskLabel(t, task, i18n.language)}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      {task.dueOn}
                      {task.overdue ? ` · ${t("care.overdue")}` : ""}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t("care.caseInfo")}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t("care.measureLabel")}>
                {f.case.measure ? t(`care.measure.${f.case.measure}`) : "—"}
              </Descriptions.Item>
              <Descriptions.Item label={t("care.decisionNo")}>{f.case.decisionNo ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("care.servedOn")}>{f.case.servedOn ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("care.reportDue")}>{f.case.reportDueOn ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("care.termEnd")}>{f.case.endDate ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("care.centre")}>{f.case.centre ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("care.phone")}>{f.person.phone ?? "—"}</Descriptions.Item>
            </Descriptions>
            {f.policeReportProposal?.proposed ? (
              <Typography.Paragraph type="warning" data-testid="care-proposal">
                {t("care.proposal", { trigger: t(`care.trigger.${f.policeReportProposal.trigger}`) })}
              </Typography.Paragraph>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t("care.tests")}>
            <Table
              size="small"
              rowKey="id"
              pagination={{ pageSize: 8 }}
              scroll={{ x: true }}
              data-testid="care-tests"
              dataSource={f.tests
                .filter((x) => x.status !== "scheduled")
                .slice()
                .reverse()}
              columns={[
                { title: t("care.date"), render: (_, r) => r.collectedAt?.slice(0, 10) ?? r.dueOn },
                { title: t("care.matrix"), render: (_, r) => (r.matrix ? t(`care.matrixValue.${r.matrix}`) : "—") },
                {
                  title: t("care.result"),
                  render: (_, r) =>
                    r.status === "done" ? (
                      <Tag color={r.result === "positive" ? "red" : "green"}>
                        {t(`care.resultValue.${r.result ?? "negative"}`)}
                      </Tag>
                    ) : (
                      <Tag color="orange">{t(`care.testStatusValue.${r.status ?? "missed"}`)}</Tag>
                    ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <StagesCard caseId={f.case.id} stages={f.stages} />
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t("care.history")}>
            <Timeline
              items={f.transitions.map((tr) => ({
                children: (
                  <span>
                    {tr.occurredAt.slice(0, 10)} {t(`care.status.${tr.toState}`)} — {tr.reason} ({tr.actor})
                  </span>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <RecordTestModal
        caseId={f.case.id}
        testId={testTask?.testId}
        open={testTask !== null}
        onClose={() => setTestTask(null)}
      />
    </Space>
  );
}
