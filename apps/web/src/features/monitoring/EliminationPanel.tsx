import type { EliminationCondition, EliminationStepInput, EliminationView } from '@anzhi/contracts/monitoring-help';
import {
  caseStepLabels,
  eliminationMethodLabels,
  eliminationMethods,
  riskTypeLabels,
  riskTypes,
  type EliminationMethod,
  type EliminationStep,
  type RiskType,
} from '@anzhi/contracts/monitoring-vocabulary';
import type { Permission } from '@anzhi/contracts/permissions';
import { uuidv7 } from '@anzhi/domain/ids';
import { Alert, Button, Card, Form, Input, Radio, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { notifySuccess } from '../../api/feedback';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { FormModal } from '../../components/FormModal';
import { useCurrentMe } from '../auth/hooks/useCurrentMe';
import { todayLocal } from '../registry/events/fields';
import { useElimination, useEliminationStep, useReflag, useRollback } from './help-api';

const conditionTag = {
  met: <Tag color="green">达到</Tag>,
  not_met: <Tag color="red">未达到</Tag>,
  unknown: <Tag color="orange">无数据</Tag>,
} as const;

const stepPermission: Record<EliminationStep, Permission> = {
  elimination_visit: 'help.write',
  elimination_village_review: 'help.write',
  elimination_township_review: 'elimination.review',
  elimination_county_approval: 'elimination.approve',
};

interface StepFormValues {
  stepDate: string;
  outcome: 'passed' | 'failed';
  participants?: string;
  postedFrom?: string;
  postedTo?: string;
  method?: EliminationMethod;
  note?: string;
}

function StepModal({ view, step, onClose }: { view: EliminationView; step: EliminationStep; onClose: () => void }) {
  const [form] = Form.useForm<StepFormValues>();
  const [clientId] = useState(() => uuidv7());
  const record = useEliminationStep(view.caseId);
  const submit = (v: StepFormValues) => {
    const body: EliminationStepInput = {
      id: clientId,
      step,
      stepDate: v.stepDate,
      outcome: v.outcome,
      note: v.note ?? null,
      participants: (v.participants ?? '')
        .split(/[，,、\s]+/)
        .map((s) => s.trim())
        .filter(Boolean),
      postedFrom: v.postedFrom ?? null,
      postedTo: v.postedTo ?? null,
      attachmentIds: [],
      method: v.method ?? null,
    };
    record.mutate(body, { onSuccess: () => (notifySuccess('已登记'), onClose()) });
  };
  const unmet =
    record.error && typeof record.error === 'object' && 'details' in record.error
      ? ((record.error as { details?: { unmet?: { label: string; detail: string }[] } }).details?.unmet ?? [])
      : [];
  return (
    <FormModal<StepFormValues>
      form={form}
      title={caseStepLabels[step]}
      okText="登记"
      mutation={record}
      initialValues={{ stepDate: todayLocal(), outcome: 'passed' }}
      onClose={onClose}
      onFinish={submit}
      intro={unmet.length > 0 ? unmet.map((u) => `${u.label}：${u.detail}`).join('；') : undefined}
    >
      <Form.Item label="办理日期" name="stepDate" rules={[{ required: true, message: '请填写办理日期' }]}>
        <Input type="date" max={todayLocal()} style={{ width: 180 }} />
      </Form.Item>
      <Form.Item label="结果" name="outcome" rules={[{ required: true }]}>
        <Radio.Group
          options={[
            { value: 'passed', label: '通过' },
            { value: 'failed', label: '不通过（本轮结束）' },
          ]}
        />
      </Form.Item>
      {step === 'elimination_visit' && (
        <Form.Item
          label={`参加核实人员（不少于 ${view.parameters.visitorsMin} 人，用顿号或逗号分隔）`}
          name="participants"
          rules={[{ required: true, message: '请填写参加人员' }]}
        >
          <Input placeholder="如：张三、李四" data-testid="elimination-participants" />
        </Form.Item>
      )}
      {step === 'elimination_village_review' && (
        <Space wrap>
          <Form.Item label="公示开始" name="postedFrom" rules={[{ required: true, message: '请填写公示开始日期' }]}>
            <Input type="date" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            label={`公示结束（不少于 ${view.parameters.postingDays} 天）`}
            name="postedTo"
            rules={[{ required: true, message: '请填写公示结束日期' }]}
          >
            <Input type="date" style={{ width: 160 }} />
          </Form.Item>
        </Space>
      )}
      {step === 'elimination_county_approval' && (
        <Form.Item label="消除方式" name="method">
          <Radio.Group options={eliminationMethods.map((m) => ({ value: m, label: eliminationMethodLabels[m] }))} />
        </Form.Item>
      )}
      <Form.Item label="说明" name="note">
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

function RollbackModal({ view, onClose }: { view: EliminationView; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const rollback = useRollback(view.caseId);
  return (
    <FormModal<{ reason: string }>
      form={form}
      title="回退（恢复监测帮扶）"
      okText="回退"
      danger
      mutation={rollback}
      initialValues={{}}
      onClose={onClose}
      intro="回退后该户恢复为监测帮扶中，开始新一轮风险消除程序。"
      onFinish={(v) =>
        rollback.mutate(
          { caseVersion: view.caseVersion, reason: v.reason },
          { onSuccess: () => (notifySuccess('已回退'), onClose()) },
        )
      }
    >
      <Form.Item label="回退原因" name="reason" rules={[{ required: true, message: '请填写回退原因' }]}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

function ReflagModal({ view, onClose }: { view: EliminationView; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string; riskTypes: RiskType[] }>();
  const [clientId] = useState(() => uuidv7());
  const reflag = useReflag(view.caseId);
  return (
    <FormModal<{ reason: string; riskTypes: RiskType[] }>
      form={form}
      title="再标注（重新纳入识别）"
      okText="再标注"
      mutation={reflag}
      initialValues={{ riskTypes: [] }}
      onClose={onClose}
      intro="风险已消除户再次出现返贫致贫风险的，新建识别案件（关联原案件），按识别程序办理。"
      onFinish={(v) =>
        reflag.mutate({ id: clientId, ...v }, { onSuccess: () => (notifySuccess('已再标注，进入识别'), onClose()) })
      }
    >
      <Form.Item label="风险类型（最多 5 项）" name="riskTypes" rules={[{ required: true, message: '请选择风险类型' }]}>
        <Select mode="multiple" maxCount={5} options={riskTypes.map((r) => ({ value: r, label: riskTypeLabels[r] }))} />
      </Form.Item>
      <Form.Item label="再标注原因" name="reason" rules={[{ required: true, message: '请填写原因' }]}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

/** 风险消除: each condition met / not met with its data, the procedure steps of the current round, rollback, re-flag. */
export function EliminationPanel({ caseId }: { caseId: string }) {
  const me = useCurrentMe();
  const q = useElimination(caseId);
  const [modal, setModal] = useState<'step' | 'rollback' | 'reflag' | null>(null);
  if (q.error) return <ApiErrorAlert error={q.error} />;
  const view = q.data;
  const can = (p: Permission) => me.permissions.includes(p);
  const conditionColumns: TableColumnsType<EliminationCondition> = [
    { title: '条件', dataIndex: 'label' },
    { title: '结果', dataIndex: 'status', width: 90, render: (s: EliminationCondition['status']) => conditionTag[s] },
    { title: '依据数据', dataIndex: 'detail' },
  ];
  return (
    <Card title="风险消除（能消则消）" loading={q.isPending} data-testid="elimination-panel">
      {view && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {view.ruleLabel}。纳入监测满 {view.parameters.monitoredMonths} 个月、收入稳定满{' '}
            {view.parameters.incomeStableMonths} 个月、入户核实不少于 {view.parameters.visitorsMin} 人、公示不少于{' '}
            {view.parameters.postingDays} 天（均为可配置参数）。
          </Typography.Text>
          {view.caseStatus === 'eliminated' && (
            <Alert
              type="success"
              showIcon
              title={`风险已消除（${view.method ? eliminationMethodLabels[view.method] : ''}，${view.eliminatedOn ?? ''}）`}
              data-testid="elimination-done"
            />
          )}
          {view.caseStatus === 'monitored' && (
            <Alert
              type={view.assessment.eligible ? 'success' : 'warning'}
              showIcon
              title={
                view.assessment.eligible
                  ? `截至 ${view.assessment.today}，各项条件均已达到，可启动风险消除程序`
                  : `截至 ${view.assessment.today}，尚有条件未达到，暂不能消除`
              }
              data-testid="elimination-eligibility"
            />
          )}
          <Table<EliminationCondition>
            rowKey="key"
            size="small"
            pagination={false}
            columns={conditionColumns}
            dataSource={view.assessment.conditions}
            scroll={{ x: 560 }}
            data-testid="elimination-conditions"
          />
          <Typography.Title level={5} style={{ margin: 0 }}>
            第 {view.round} 轮消除程序
          </Typography.Title>
          {view.steps.length === 0 ? (
            <Typography.Text type="secondary">尚未办理</Typography.Text>
          ) : (
            <Timeline
              items={view.steps.map((s) => ({
                color: s.outcome === 'passed' ? 'green' : 'red',
                content: (
                  <Space direction="vertical" size={0}>
                    <Typography.Text strong>
                      {s.stepLabel} · {s.stepDate} · {s.outcome === 'passed' ? '通过' : '不通过'}
                    </Typography.Text>
                    <Typography.Text type="secondary">
                      {s.actorName}
                      {s.participants.length > 0 && `；参加人员：${s.participants.join('、')}`}
                      {s.postedFrom && `；公示 ${s.postedFrom} 至 ${s.postedTo ?? ''}`}
                      {s.note && `；${s.note}`}
                    </Typography.Text>
                  </Space>
                ),
              }))}
            />
          )}
          <Space wrap>
            {view.nextStep && can(stepPermission[view.nextStep]) && (
              <Button type="primary" onClick={() => setModal('step')} data-testid="elimination-next-step">
                登记：{caseStepLabels[view.nextStep]}
              </Button>
            )}
            {view.nextStep && !can(stepPermission[view.nextStep]) && (
              <Typography.Text type="secondary">
                下一步：{caseStepLabels[view.nextStep]}（由有权限的单位办理）
              </Typography.Text>
            )}
            {view.caseStatus === 'eliminated' && can('elimination.approve') && !view.nextCaseId && (
              <Button danger onClick={() => setModal('rollback')} data-testid="elimination-rollback">
                回退
              </Button>
            )}
            {view.caseStatus === 'eliminated' && can('help.write') && !view.nextCaseId && (
              <Button onClick={() => setModal('reflag')} data-testid="elimination-reflag">
                再标注
              </Button>
            )}
            {view.nextCaseId && <Link to={`/monitoring/cases/${view.nextCaseId}`}>已再标注，查看新案件</Link>}
          </Space>
          {view.history.length > 0 && (
            <Typography.Text type="secondary">
              以往轮次：
              {view.history.map((s) => `第${s.round}轮 ${s.stepLabel} ${s.stepDate}`).join('；')}
            </Typography.Text>
          )}
          {view.events.length > 0 && (
            <Typography.Text type="secondary">
              案件记录：
              {view.events.map((e) => `${e.eventDate} ${e.kindLabel}${e.reason ? `（${e.reason}）` : ''}`).join('；')}
            </Typography.Text>
          )}
        </Space>
      )}
      {view && modal === 'step' && view.nextStep && (
        <StepModal view={view} step={view.nextStep} onClose={() => setModal(null)} />
      )}
      {view && modal === 'rollback' && <RollbackModal view={view} onClose={() => setModal(null)} />}
      {view && modal === 'reflag' && <ReflagModal view={view} onClose={() => setModal(null)} />}
    </Card>
  );
}
