import type { CaseDetail, CaseStepInput } from '@anzhi/contracts/monitoring';
import {
  caseEventLabels,
  caseStatusLabels,
  caseStepLabels,
  clueSourceLabels,
  disasterKindLabels,
  disasterKinds,
  identificationSteps,
  monitoringCategories,
  monitoringCategoryLabels,
  nationalRuleLabel,
  riskFlagLabels,
  riskFlags,
  riskTypeLabels,
  riskTypes,
  type CaseEventKind,
  type CaseStep,
} from '@anzhi/contracts/monitoring-vocabulary';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Radio,
  Result,
  Select,
  Space,
  Spin,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useParams, useSearchParams } from 'react-router';
import { notifySuccess } from '../../api/feedback';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { AttachmentPicker } from '../../components/AttachmentPicker';
import { useCurrentMe } from '../auth/hooks/useCurrentMe';
import { ClockTag } from './ClockTag';
import { EliminationPanel } from './EliminationPanel';
import { MeasuresPanel } from './MeasuresPanel';
import { monitoringKeys, paperUrl, recordStep, useCase } from './api';

const papers: { step: CaseStep; paper: 'verification' | 'posting' | 'announcement'; label: string }[] = [
  { step: 'household_verification', paper: 'verification', label: '入户核实表' },
  { step: 'village_review', paper: 'posting', label: '公示名单' },
  { step: 'announcement', paper: 'announcement', label: '结果公告' },
];

interface StepValues {
  stepDate: dayjs.Dayjs;
  outcome: 'passed' | 'failed';
  note?: string;
  participants?: string;
  posted?: [dayjs.Dayjs, dayjs.Dayjs];
  attachmentIds?: string[];
  category?: CaseStepInput['category'];
  riskTypes?: NonNullable<CaseStepInput['riskTypes']>;
  disasterKind?: CaseStepInput['disasterKind'];
  riskFlags?: CaseStepInput['riskFlags'];
  incomeAtIdentification?: number;
}

/** The form of the next identification step (by the role the step needs). */
function NextStepForm({ c }: { c: CaseDetail }) {
  const [form] = Form.useForm<StepValues>();
  const queryClient = useQueryClient();
  const step = c.nextStep!;
  const outcome = Form.useWatch('outcome', form);
  const chosenRisks = Form.useWatch('riskTypes', form);
  const save = useMutation({
    mutationFn: (v: StepValues) =>
      recordStep(c.id, {
        version: c.version,
        step,
        stepDate: v.stepDate.format('YYYY-MM-DD'),
        outcome: v.outcome,
        ...(v.note ? { note: v.note } : {}),
        participants: (v.participants ?? '')
          .split(/[,，、\s]+/)
          .map((s) => s.trim())
          .filter(Boolean),
        ...(v.posted
          ? { postedFrom: v.posted[0].format('YYYY-MM-DD'), postedTo: v.posted[1].format('YYYY-MM-DD') }
          : {}),
        attachmentIds: v.attachmentIds ?? [],
        ...(v.category ? { category: v.category } : {}),
        ...(v.riskTypes ? { riskTypes: v.riskTypes } : {}),
        ...(v.disasterKind ? { disasterKind: v.disasterKind } : {}),
        ...(v.riskFlags ? { riskFlags: v.riskFlags } : {}),
        ...(v.incomeAtIdentification !== undefined ? { incomeAtIdentification: v.incomeAtIdentification } : {}),
      }),
    onSuccess: async () => {
      notifySuccess(`${caseStepLabels[step]}已登记`);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: monitoringKeys.all });
    },
  });
  const including = step === 'registration' && outcome !== 'failed';
  return (
    <Card size="small" title={`下一步：${caseStepLabels[step]}`} data-testid="next-step-form">
      {save.isError && <ApiErrorAlert error={save.error} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ stepDate: dayjs(), outcome: 'passed', riskTypes: c.riskTypes, riskFlags: c.riskFlags }}
        onFinish={(v) => save.mutate(v)}
      >
        <Space wrap>
          <Form.Item name="stepDate" label="日期" rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="outcome" label="结果">
            <Radio.Group
              options={[
                { value: 'passed', label: '通过' },
                { value: 'failed', label: '不予纳入' },
              ]}
            />
          </Form.Item>
        </Space>
        {step === 'household_verification' && (
          <Form.Item name="participants" label="核实人员（用顿号分隔）">
            <Input />
          </Form.Item>
        )}
        {step === 'village_review' && outcome !== 'failed' && (
          <Form.Item
            name="posted"
            label={`公示期（不少于 ${c.postingMinDays} 天）`}
            rules={[{ required: true, message: '请填写公示期' }]}
          >
            <DatePicker.RangePicker />
          </Form.Item>
        )}
        {including && (
          <>
            <Form.Item name="category" label="监测类别" rules={[{ required: true, message: '请选择监测类别' }]}>
              <Select options={monitoringCategories.map((m) => ({ value: m, label: monitoringCategoryLabels[m] }))} />
            </Form.Item>
            <Form.Item
              name="riskTypes"
              label="风险类型（1–5 项）"
              rules={[{ required: true, message: '请选择风险类型' }]}
            >
              <Select
                mode="multiple"
                maxCount={5}
                options={riskTypes.map((r) => ({ value: r, label: riskTypeLabels[r] }))}
              />
            </Form.Item>
            {chosenRisks?.includes('disaster') && (
              <Form.Item name="disasterKind" label="灾害类型" rules={[{ required: true, message: '请选择灾害类型' }]}>
                <Select options={disasterKinds.map((d) => ({ value: d, label: disasterKindLabels[d] }))} />
              </Form.Item>
            )}
            <Form.Item name="riskFlags" label="其他情况">
              <Select mode="multiple" options={riskFlags.map((f) => ({ value: f, label: riskFlagLabels[f] }))} />
            </Form.Item>
            <Form.Item name="incomeAtIdentification" label="识别时人均纯收入（元/年）">
              <InputNumber min={0} style={{ width: 200 }} />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="note"
          label={outcome === 'failed' ? '不予纳入原因' : '情况说明'}
          rules={outcome === 'failed' ? [{ required: true, message: '请填写原因' }] : []}
        >
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Form.Item name="attachmentIds" label="附件">
          <AttachmentPicker />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          登记{caseStepLabels[step]}
        </Button>
      </Form>
    </Card>
  );
}

function IdentificationTab({ c }: { c: CaseDetail }) {
  const done = new Map(c.steps.filter((s) => s.stage === 'identification').map((s) => [s.step, s]));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon message={nationalRuleLabel} />
      <Timeline
        data-testid="steps-timeline"
        items={identificationSteps.map((step) => {
          const s = done.get(step);
          const paper = papers.find((p) => p.step === step);
          return {
            color: s ? (s.outcome === 'passed' ? 'green' : 'red') : step === c.nextStep ? 'blue' : 'gray',
            children: (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{caseStepLabels[step]}</Typography.Text>
                {s ? (
                  <Typography.Text type="secondary">
                    {s.stepDate} · {s.actorName} · {s.outcome === 'passed' ? '通过' : '不予纳入'}
                    {s.postedFrom ? ` · 公示 ${s.postedFrom} 至 ${s.postedTo}` : ''}
                    {s.participants.length ? ` · ${s.participants.join('、')}` : ''}
                    {s.note ? ` · ${s.note}` : ''}
                  </Typography.Text>
                ) : (
                  <Typography.Text type="secondary">{step === c.nextStep ? '待办理' : '未开始'}</Typography.Text>
                )}
                {paper && (
                  <Typography.Link href={paperUrl(c.id, paper.paper)} target="_blank">
                    打印{paper.label}
                  </Typography.Link>
                )}
              </Space>
            ),
          };
        })}
      />
      {c.nextStep && c.canRecordNextStep && <NextStepForm key={`${c.nextStep}-${c.version}`} c={c} />}
      {c.nextStep && !c.canRecordNextStep && (
        <Alert type="warning" message={`“${caseStepLabels[c.nextStep]}”由其他角色办理`} />
      )}
      <Card size="small" title="线索">
        <List
          size="small"
          dataSource={c.clues}
          renderItem={(x) => (
            <List.Item>
              {x.reportedOn} · {clueSourceLabels[x.source]} · {x.reason}
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title="案件记录">
        <List
          size="small"
          dataSource={c.events}
          renderItem={(e) => (
            <List.Item>
              {e.eventDate} · {caseEventLabels[e.kind as CaseEventKind] ?? e.kind} · {e.actorName}
              {e.reason ? ` · ${e.reason}` : ''}
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}

/** `/monitoring/cases/:id`: household summary, clock, identification steps and papers; help plan and elimination tabs. */
export function CasePage() {
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const me = useCurrentMe();
  const q = useCase(id);
  if (q.isPending) return <Spin style={{ display: 'block', marginTop: 48 }} />;
  if (q.isError) return <ApiErrorAlert error={q.error} />;
  const c = q.data;
  if (!c) return <Result status="404" title="监测案件不存在" />;
  const helpTabs = me.permissions.includes('help.read') && (c.status === 'monitored' || c.status === 'eliminated');
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="case-page">
      <Card
        title={`监测对象 · ${c.householdNumber} ${c.headName ?? ''}`}
        extra={<Tag color="blue">{caseStatusLabels[c.status]}</Tag>}
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
          <Descriptions.Item label="户类别">{c.householdCategory}</Descriptions.Item>
          <Descriptions.Item label="安置点">{c.siteName ?? '分散安置'}</Descriptions.Item>
          <Descriptions.Item label="乡镇">{c.townshipName}</Descriptions.Item>
          <Descriptions.Item label="监测类别">
            {c.category ? monitoringCategoryLabels[c.category] : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="风险类型">
            {c.riskTypes.map((r) => riskTypeLabels[r]).join('、') || '—'}
            {c.disasterKind ? `（${disasterKindLabels[c.disasterKind]}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="发现日期">{c.startedOn}</Descriptions.Item>
          <Descriptions.Item label="识别时限">
            截止 {c.dueOn} <ClockTag clock={c.clock} />
          </Descriptions.Item>
          {c.identifiedOn && <Descriptions.Item label="识别结果日期">{c.identifiedOn}</Descriptions.Item>}
          {c.notIncludedReason && <Descriptions.Item label="不予纳入原因">{c.notIncludedReason}</Descriptions.Item>}
          <Descriptions.Item label="家庭成员">
            {c.members.map((m) => `${m.name}（${m.relation}）`).join('、')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Tabs
        defaultActiveKey={helpTabs ? (search.get('tab') ?? 'identification') : 'identification'}
        items={[
          { key: 'identification', label: '识别', children: <IdentificationTab c={c} /> },
          ...(helpTabs
            ? [
                { key: 'plan', label: '帮扶计划', children: <MeasuresPanel caseId={c.id} /> },
                { key: 'elimination', label: '风险消除', children: <EliminationPanel caseId={c.id} /> },
              ]
            : []),
        ]}
      />
    </Space>
  );
}
