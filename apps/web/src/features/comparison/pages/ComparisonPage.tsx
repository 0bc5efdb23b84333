import {
  comparisonBatchStatusLabels,
  comparisonWarningStatusLabels,
  verificationResultLabels,
  type ComparisonBatch,
  type ComparisonKind,
  type ComparisonWarning,
  type VerificationResult,
} from '@anzhi/contracts/comparison';
import { csrfHeader } from '@anzhi/contracts/auth';
import { UploadOutlined } from '@ant-design/icons';
import { uuidv7 } from '@anzhi/domain/ids';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { notifyError, notifySuccess } from '../../../api/feedback';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { downloadUrl, uploadUrl } from '../../attachments/api';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { BatchRowsDrawer } from '../components/BatchRowsDrawer';
import {
  comparisonKeys,
  fetchBatches,
  fetchCalendar,
  fetchDeliberations,
  fetchKinds,
  fetchWarnings,
  holdDeliberation,
  uploadBatch,
  verifyWarning,
  withdrawBatch,
} from '../api';

const statusColor: Record<string, string> = {
  uploaded: 'default',
  processing: 'processing',
  processed: 'success',
  failed: 'error',
  withdrawn: 'default',
  superseded: 'warning',
  new: 'orange',
  verified: 'blue',
  dismissed: 'default',
  escalated: 'red',
};
const verdictTag = (v: string) =>
  v === 'met' ? (
    <Tag color="success">已按时完成</Tag>
  ) : v === 'pending' ? (
    <Tag color="processing">进行中</Tag>
  ) : v === 'not_met' ? (
    <Tag color="error">未按时完成</Tag>
  ) : (
    <Tag>不适用</Tag>
  );

function valueText(w: ComparisonWarning, kinds: ComparisonKind[]): string {
  const kind = kinds.find((k) => k.key === w.kindKey);
  const label = (key: string) =>
    kind?.columns.find((c) => c.key === key)?.label ??
    (
      {
        rowNumber: '行号',
        cumulative: '年度累计',
        threshold: '限额',
        year: '年度',
        months: '各月',
        ageOnSep1: '9月1日年龄',
        schoolYear: '学年',
      } as Record<string, string>
    )[key] ??
    key;
  return Object.entries(w.values)
    .filter(([, v]) => v !== null && v !== '')
    .map(
      ([k, v]) =>
        `${label(k)}：${
          typeof v === 'object' && v !== null
            ? Object.entries(v as Record<string, number>)
                .map(([m, a]) => `${m} ${a}`)
                .join('，')
            : String(v as string | number)
        }`,
    )
    .join('；');
}

function UploadCard({ month, kinds }: { month: string; kinds: ComparisonKind[] }) {
  const queryClient = useQueryClient();
  const mine = kinds.filter((k) => k.canUpload);
  // The kinds may arrive after the first render: default to the unit's first kind until the user picks one.
  const [picked, setKindKey] = useState<string | undefined>();
  const kindKey = picked ?? mine[0]?.key;
  // The file input can be set while the button is disabled (before the kinds arrive): refuse it here.
  const [problem, setProblem] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: (input: { kindKey: string; file: File }) => uploadBatch({ id: uuidv7(), month, ...input }),
    onSuccess: () => {
      notifySuccess('已上传，正在比对');
      void queryClient.invalidateQueries({ queryKey: comparisonKeys.all });
    },
  });
  const kind = mine.find((k) => k.key === kindKey);
  return (
    <Card title={`上传本单位 ${month} 比对数据`} size="small" style={{ marginBottom: 16 }}>
      <Space wrap>
        <Select
          style={{ width: 260 }}
          value={kindKey}
          placeholder="请选择数据类别"
          status={problem !== null && kindKey === undefined ? 'error' : undefined}
          onChange={(key) => {
            setKindKey(key);
            setProblem(null);
          }}
          options={mine.map((k) => ({ value: k.key, label: `${k.unitName}：${k.title}` }))}
          data-testid="comparison-kind"
        />
        <Upload
          accept=".xlsx,.csv"
          showUploadList={false}
          disabled={!kindKey || upload.isPending}
          beforeUpload={(file) => {
            if (kindKey === undefined) setProblem('文件未上传：请先选择数据类别，再选择文件上传');
            else {
              setProblem(null);
              upload.mutate({ kindKey, file });
            }
            return Upload.LIST_IGNORE; // sent by the mutation, not by the Upload itself
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={upload.isPending} data-testid="comparison-upload">
            选择文件上传
          </Button>
        </Upload>
      </Space>
      {kind && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          需要的列：{kind.columns.map((c) => `${c.label}${c.required ? '（必填）' : ''}`).join('、')}
          。标题行、多余的列、列的顺序不同、全角字符都可以识别；
          {kind.savedMapping ? '已保存上次的列对应关系，本月文件会自动对应。' : '首次上传后会保存列的对应关系。'}
          .xlsx 最多 200,000 行，更大的文件请另存为 CSV。
        </Typography.Paragraph>
      )}
      {problem !== null && (
        <Alert
          type="warning"
          showIcon
          title={problem}
          style={{ marginTop: 12 }}
          data-testid="comparison-upload-problem"
        />
      )}
      {upload.error && <ApiErrorAlert error={upload.error} />}
    </Card>
  );
}

function BatchesTab({ month, kinds, canUpload }: { month: string; kinds: ComparisonKind[]; canUpload: boolean }) {
  const queryClient = useQueryClient();
  const batches = useQuery({
    queryKey: comparisonKeys.batches(month),
    queryFn: ({ signal }) => fetchBatches(month, signal),
    refetchInterval: (q) =>
      q.state.data?.items.some((b) => b.status === 'uploaded' || b.status === 'processing') ? 1000 : false,
  });
  // The drawer follows the polled list, so a batch still being compared shows its rows once it is done.
  const [detailId, setDetailId] = useState<string | null>(null);
  const detail = batches.data?.items.find((b) => b.id === detailId) ?? null;
  const withdraw = useMutation({
    mutationFn: withdrawBatch,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: comparisonKeys.all }),
    onError: notifyError,
  });
  return (
    <>
      {canUpload && <UploadCard month={month} kinds={kinds} />}
      {batches.error && <ApiErrorAlert error={batches.error} />}
      <Table<ComparisonBatch>
        size="small"
        rowKey="id"
        loading={batches.isLoading}
        dataSource={batches.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="本月尚无比对批次" /> }}
        data-testid="comparison-batches"
        columns={[
          { title: '部门', dataIndex: 'unitName' },
          { title: '数据类别', dataIndex: 'kindTitle' },
          { title: '文件', dataIndex: 'fileName' },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: ComparisonBatch['status'], b) => (
              <Space direction="vertical" size={0}>
                <Tag color={statusColor[s]} data-testid="comparison-batch-status">
                  {comparisonBatchStatusLabels[s]}
                </Tag>
                {b.error && <Typography.Text type="danger">{b.error}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: '比对结果',
            render: (_: unknown, b) =>
              `共 ${b.counts.rows} 行：匹配 ${b.counts.matched}，非搬迁人口 ${b.counts.unmatched}，无效 ${b.counts.invalid}，重复 ${b.counts.duplicate}；预警 ${b.counts.warnings} 条`,
          },
          { title: '上传人', dataIndex: 'createdByName' },
          { title: '上传时间', dataIndex: 'createdAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          {
            title: '操作',
            render: (_: unknown, b) => (
              <Space>
                <Button size="small" type="link" onClick={() => setDetailId(b.id)} data-testid="comparison-batch-rows">
                  逐行结果
                </Button>
                {canUpload && b.status === 'uploaded' && (
                  <Button size="small" type="link" danger onClick={() => withdraw.mutate(b.id)}>
                    撤回
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <BatchRowsDrawer key={detail?.id ?? 'none'} batch={detail} kinds={kinds} onClose={() => setDetailId(null)} />
    </>
  );
}

function VerifyModal({ warning, onClose }: { warning: ComparisonWarning | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const me = useCurrentMe();
  const [result, setResult] = useState<VerificationResult>('confirmed');
  const [notes, setNotes] = useState('');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const attachmentId = (files[0]?.response as { id?: string } | undefined)?.id;
  const uploading = files.some((f) => f.status === 'uploading');
  const verify = useMutation({
    mutationFn: () =>
      verifyWarning(warning!.id, { result, ...(notes ? { notes } : {}), ...(attachmentId ? { attachmentId } : {}) }),
    onSuccess: () => {
      notifySuccess('已登记核实结果');
      void queryClient.invalidateQueries({ queryKey: comparisonKeys.all });
      setFiles([]);
      onClose();
    },
  });
  return (
    <Modal
      open={warning !== null}
      title={`入户核实：${warning?.householdNumber ?? ''} ${warning?.personName ?? ''}`}
      okText="保存核实结果"
      onOk={() => verify.mutate()}
      confirmLoading={verify.isPending}
      onCancel={() => {
        setFiles([]);
        onClose();
      }}
      okButtonProps={{ 'data-testid': 'comparison-verify-save', disabled: uploading }}
    >
      <Typography.Paragraph>{warning?.ruleTitle}</Typography.Paragraph>
      <Radio.Group
        value={result}
        onChange={(e) => setResult(e.target.value as VerificationResult)}
        data-testid="comparison-verify-result"
      >
        {Object.entries(verificationResultLabels).map(([k, l]) => (
          <Radio key={k} value={k}>
            {l}
          </Radio>
        ))}
      </Radio.Group>
      <Input.TextArea
        style={{ marginTop: 12 }}
        rows={3}
        placeholder="核实情况说明"
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
        data-testid="comparison-verify-notes"
      />
      <div style={{ marginTop: 12 }}>
        <Upload
          name="file"
          action={uploadUrl}
          headers={{ [csrfHeader]: me.csrfToken }}
          data={{ purpose: 'evidence' }}
          maxCount={1}
          fileList={files}
          onChange={(info) => setFiles(info.fileList)}
          data-testid="comparison-verify-file"
        >
          <Button icon={<UploadOutlined />}>上传核实佐证（照片、记录，可选）</Button>
        </Upload>
      </div>
      {verify.error && <ApiErrorAlert error={verify.error} />}
    </Modal>
  );
}

function WarningsTab({ month, kinds, canVerify }: { month: string; kinds: ComparisonKind[]; canVerify: boolean }) {
  const [params] = useSearchParams();
  const [status, setStatus] = useState<string | undefined>(params.get('status') ?? undefined);
  const warnings = useQuery({
    queryKey: comparisonKeys.warnings({ month, status }),
    queryFn: ({ signal }) => fetchWarnings({ month, status }, signal),
  });
  const [verifying, setVerifying] = useState<ComparisonWarning | null>(null);
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="全部状态"
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={Object.entries(comparisonWarningStatusLabels).map(([value, label]) => ({ value, label }))}
        />
      </Space>
      {warnings.error && <ApiErrorAlert error={warnings.error} />}
      <Table<ComparisonWarning>
        size="small"
        rowKey="id"
        loading={warnings.isLoading}
        dataSource={warnings.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="本月没有比对预警" /> }}
        data-testid="comparison-warnings"
        columns={[
          { title: '户编号', dataIndex: 'householdNumber' },
          {
            title: '人员',
            render: (_: unknown, w) => `${w.personName ?? ''} ${w.idNumberMasked ?? ''}`,
          },
          { title: '部门', render: (_: unknown, w) => `${w.unitName} · ${w.kindTitle}` },
          { title: '规则', render: (_: unknown, w) => `${w.ruleId} ${w.ruleTitle}（第 ${w.ruleVersion} 版）` },
          { title: '触发数据', render: (_: unknown, w) => valueText(w, kinds) },
          { title: '安置点/乡镇', render: (_: unknown, w) => w.siteName ?? `${w.townshipName ?? ''}（分散安置）` },
          {
            title: '核实截止',
            render: (_: unknown, w) => (
              <Space>
                {dayjs(w.dueAt).subtract(1, 'day').format('MM-DD')}
                {w.overdue && <Tag color="error">逾期</Tag>}
              </Space>
            ),
          },
          {
            title: '状态',
            render: (_: unknown, w) => (
              <Space direction="vertical" size={0}>
                <Tag color={statusColor[w.status]} data-testid="comparison-warning-status">
                  {comparisonWarningStatusLabels[w.status]}
                </Tag>
                {w.verification && (
                  <Typography.Text type="secondary">
                    {verificationResultLabels[w.verification.result]}（{w.verification.verifiedByName}）
                  </Typography.Text>
                )}
                {w.verification?.attachmentId && (
                  <Typography.Link
                    href={downloadUrl(w.verification.attachmentId)}
                    target="_blank"
                    data-testid="comparison-verify-evidence"
                  >
                    核实佐证
                  </Typography.Link>
                )}
              </Space>
            ),
          },
          {
            title: '操作',
            render: (_: unknown, w) =>
              canVerify &&
              (w.status === 'new' || w.status === 'verified') && (
                <Button size="small" type="link" onClick={() => setVerifying(w)} data-testid="comparison-verify">
                  {w.status === 'new' ? '入户核实' : '修改核实'}
                </Button>
              ),
          },
        ]}
      />
      <VerifyModal key={verifying?.id ?? 'none'} warning={verifying} onClose={() => setVerifying(null)} />
    </>
  );
}

function DeliberationTab({ month, canDeliberate }: { month: string; canDeliberate: boolean }) {
  const queryClient = useQueryClient();
  const deliberations = useQuery({
    queryKey: comparisonKeys.deliberations(month),
    queryFn: ({ signal }) => fetchDeliberations(month, signal),
  });
  const verified = useQuery({
    queryKey: comparisonKeys.warnings({ month, status: 'verified' }),
    queryFn: ({ signal }) => fetchWarnings({ month, status: 'verified' }, signal),
    enabled: canDeliberate,
  });
  const townships = useMemo(() => {
    const m = new Map<string, string>();
    for (const w of verified.data?.items ?? []) m.set(w.townshipCode, w.townshipName ?? w.townshipCode);
    return [...m.entries()];
  }, [verified.data]);
  const [townshipCode, setTownshipCode] = useState<string | undefined>();
  const township = townshipCode ?? townships[0]?.[0];
  const [chosen, setChosen] = useState<string[]>([]);
  const [form] = Form.useForm<{ participants: string; notes?: string; heldOn: dayjs.Dayjs }>();
  const hold = useMutation({
    mutationFn: (v: { participants: string; notes?: string; heldOn: dayjs.Dayjs }) =>
      holdDeliberation({
        id: uuidv7(),
        townshipCode: township!,
        month,
        heldOn: v.heldOn.format('YYYY-MM-DD'),
        participants: v.participants,
        ...(v.notes ? { notes: v.notes } : {}),
        escalateWarningIds: chosen,
      }),
    onSuccess: (d) => {
      notifySuccess(`综合研判已保存：${d.escalated} 条转为监测线索，${d.dismissed} 条排除`);
      setChosen([]);
      void queryClient.invalidateQueries({ queryKey: comparisonKeys.all });
    },
  });
  const candidates = (verified.data?.items ?? []).filter((w) => w.townshipCode === township);
  return (
    <>
      {(deliberations.data?.items ?? []).map((d) => (
        <Alert
          key={d.id}
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="comparison-deliberation"
          title={`${d.townshipName ?? d.townshipCode} ${d.month} 综合研判（${d.heldOn}）：${d.escalated} 条转为监测线索，${d.dismissed} 条排除`}
          description={`参会人员：${d.participants}${d.notes ? `；${d.notes}` : ''}（${d.createdByName} 登记）`}
        />
      ))}
      {canDeliberate && (
        <Card size="small" title="召开本月综合研判">
          {townships.length === 0 ? (
            <Empty description="本月没有已核实、待研判的预警" />
          ) : (
            <>
              {townships.length > 1 && (
                <Select
                  style={{ width: 200, marginBottom: 12 }}
                  value={township}
                  onChange={setTownshipCode}
                  options={townships.map(([value, label]) => ({ value, label }))}
                />
              )}
              <Typography.Paragraph type="secondary">
                勾选核实属实、需要纳入监测的预警，保存后一次转为监测线索（无需重新录入）；其余已核实预警记为排除。
              </Typography.Paragraph>
              <Table<ComparisonWarning>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={candidates}
                rowSelection={{
                  selectedRowKeys: chosen,
                  onChange: (keys) => setChosen(keys as string[]),
                  getCheckboxProps: (w) => ({ disabled: w.verification?.result !== 'confirmed' }),
                }}
                data-testid="comparison-deliberation-candidates"
                columns={[
                  { title: '户编号', dataIndex: 'householdNumber' },
                  { title: '人员', dataIndex: 'personName' },
                  { title: '规则', dataIndex: 'ruleTitle' },
                  {
                    title: '核实结果',
                    render: (_: unknown, w) =>
                      w.verification
                        ? `${verificationResultLabels[w.verification.result]}：${w.verification.notes ?? ''}`
                        : '',
                  },
                ]}
              />
              <Form
                form={form}
                layout="inline"
                style={{ marginTop: 12 }}
                initialValues={{ heldOn: dayjs() }}
                onFinish={(v) => hold.mutate(v)}
              >
                <Form.Item name="heldOn" label="研判日期" rules={[{ required: true }]}>
                  <DatePicker />
                </Form.Item>
                <Form.Item name="participants" label="参会人员" rules={[{ required: true, message: '请填写参会人员' }]}>
                  <Input style={{ width: 280 }} data-testid="comparison-participants" />
                </Form.Item>
                <Form.Item name="notes" label="研判意见">
                  <Input style={{ width: 280 }} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={hold.isPending} data-testid="comparison-deliberate">
                  保存研判并转监测线索
                </Button>
              </Form>
              {hold.error && <ApiErrorAlert error={hold.error} />}
            </>
          )}
        </Card>
      )}
    </>
  );
}

function CalendarTab({ month }: { month: string }) {
  const cal = useQuery({
    queryKey: comparisonKeys.calendar(month),
    queryFn: ({ signal }) => fetchCalendar(month, signal),
  });
  if (cal.error) return <ApiErrorAlert error={cal.error} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">
        R05：各行业部门每月开展1次数据比对，安置点入户核实，乡镇召开综合研判，{month} 的全链条截止于 {month}-25。
      </Typography.Paragraph>
      <Card size="small" title="部门报送">
        <Table
          size="small"
          rowKey="unitId"
          pagination={false}
          loading={cal.isLoading}
          dataSource={cal.data?.departments ?? []}
          columns={[
            { title: '部门', dataIndex: 'unitName' },
            {
              title: '数据类别',
              render: (_: unknown, d: NonNullable<typeof cal.data>['departments'][number]) =>
                d.kinds.map((k) => (
                  <Tag key={k.kindKey} color={k.deliveredAt ? 'blue' : 'default'}>
                    {k.title}
                    {k.deliveredAt ? ` ${dayjs(k.deliveredAt).format('MM-DD')}` : ' 未报送'}
                  </Tag>
                )),
            },
            { title: '按时完成', dataIndex: 'verdict', render: verdictTag },
          ]}
        />
      </Card>
      <Card size="small" title="安置点核实与研判">
        <Table
          size="small"
          rowKey="placeKey"
          pagination={false}
          loading={cal.isLoading}
          dataSource={cal.data?.sites ?? []}
          locale={{ emptyText: <Empty description="本月没有预警" /> }}
          columns={[
            { title: '安置点', dataIndex: 'name' },
            { title: '预警', dataIndex: 'warnings' },
            { title: '按时核实', dataIndex: 'verifiedByDeadline' },
            { title: '综合研判', dataIndex: 'deliberationHeldOn', render: (v: string | null) => v ?? '未召开' },
            { title: '按时完成', dataIndex: 'verdict', render: verdictTag },
          ]}
        />
      </Card>
    </Space>
  );
}

/** 部门数据比对: batches, warnings and their verification, the deliberation, the 25th calendar (R05). */
export function ComparisonPage({ defaultTab = 'batches' }: { defaultTab?: string }) {
  const me = useCurrentMe();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? dayjs().format('YYYY-MM');
  const tab = params.get('tab') ?? defaultTab;
  const kinds = useQuery({ queryKey: comparisonKeys.kinds, queryFn: ({ signal }) => fetchKinds(signal) });
  const can = (p: string) => me.permissions.includes(p);
  const set = (next: Record<string, string>) => setParams({ ...Object.fromEntries(params), ...next });
  const isDepartment = can('comparison.upload');
  return (
    <Card
      title="部门数据比对"
      extra={
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && set({ month: d.format('YYYY-MM') })}
          data-testid="comparison-month"
        />
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => set({ tab: key })}
        items={[
          {
            key: 'batches',
            label: '数据报送',
            children: <BatchesTab month={month} kinds={kinds.data?.items ?? []} canUpload={isDepartment} />,
          },
          ...(isDepartment && !can('comparison.verify')
            ? []
            : [
                {
                  key: 'warnings',
                  label: '预警核实',
                  children: (
                    <WarningsTab month={month} kinds={kinds.data?.items ?? []} canVerify={can('comparison.verify')} />
                  ),
                },
                {
                  key: 'deliberation',
                  label: '综合研判',
                  children: <DeliberationTab month={month} canDeliberate={can('comparison.deliberate')} />,
                },
              ]),
          { key: 'calendar', label: '闭环日历', children: <CalendarTab month={month} /> },
        ]}
      />
    </Card>
  );
}
