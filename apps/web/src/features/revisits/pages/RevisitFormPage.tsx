import { uuidv7 } from '@anzhi/domain/ids';
import {
  revisitChangeKeys,
  revisitChangeLabels,
  revisitChangeWhats,
  revisitMethods,
  revisitSituationKeys,
  revisitSituationLabels,
  revisitSituationWhats,
} from '@anzhi/contracts/revisits';
import type { Revisit, RevisitInput, RevisitItem } from '@anzhi/contracts/revisits';
import type { Household } from '@anzhi/contracts/registry';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Input, Radio, Result, Select, Space, Spin, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { notifySuccess } from '../../../api/feedback';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { fetchHousehold } from '../../registry/api';
import { createRevisit, revisitKeys } from '../api';

type Items = Record<string, RevisitItem>;
type RegistryInput = NonNullable<RevisitInput['registryChanges']>;
/** The registry changes as the form holds them (every list present). */
type RevisitRegistryChanges = { [K in keyof RegistryInput]-?: NonNullable<RegistryInput[K]> };
const allUnchanged = (keys: readonly string[]): Items => Object.fromEntries(keys.map((k) => [k, { changed: false }]));

interface ItemRowProps {
  label: string;
  whats: readonly string[];
  value: RevisitItem;
  onLabel: string;
  offLabel: string;
  onChange: (v: RevisitItem) => void;
}

/** One of the five changes or situations: a switch (prefilled 无变化/正常), and when on, what and new value. */
function ItemRow({ label, whats, value, onLabel, offLabel, onChange }: ItemRowProps) {
  return (
    <div style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text strong>{label}</Typography.Text>
        <Switch
          aria-label={label}
          checkedChildren={onLabel}
          unCheckedChildren={offLabel}
          checked={value.changed}
          onChange={(changed) => onChange(changed ? { ...value, changed } : { changed: false })}
        />
      </Space>
      {value.changed && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
          <Select
            aria-label={`${label}类别`}
            placeholder="选择类别"
            options={whats.map((w) => ({ value: w, label: w }))}
            value={value.what ?? undefined}
            onChange={(what: string) => onChange({ ...value, what })}
          />
          <Input
            placeholder="新情况（如新工作、收入估算）"
            value={value.newValue ?? ''}
            onChange={(e) => onChange({ ...value, newValue: e.target.value || null })}
          />
          <Input.TextArea
            placeholder="说明"
            autoSize={{ minRows: 1, maxRows: 4 }}
            value={value.note ?? ''}
            onChange={(e) => onChange({ ...value, note: e.target.value || null })}
          />
        </Space>
      )}
    </div>
  );
}

const noRegistryChange: RevisitRegistryChanges = { joins: [], leaves: [], health: [], employment: [] };

type Join = RevisitRegistryChanges['joins'][number];

/** A newborn (出生): name, ID number, relation — joins the household through the registry's member join. */
function BirthInput({
  value,
  onChange,
  date,
}: {
  value: Join | undefined;
  onChange: (j: Join | null) => void;
  date: string;
}) {
  const [name, setName] = useState(value?.person?.name ?? '');
  const [idNumber, setIdNumber] = useState(String(value?.person?.idNumber ?? ''));
  const [relation, setRelation] = useState<Join['relation']>(value?.relation ?? '孙子女');
  const update = (n: string, id: string, r: Join['relation']) =>
    onChange(
      n.trim()
        ? {
            relation: r,
            validFrom: date,
            joinReason: '出生',
            person: { name: n.trim(), idNumber: id.trim(), documentType: '居民身份证', labourCapacity: '无劳动力' },
          }
        : null,
    );
  return (
    <Space wrap>
      <Input
        aria-label="新生儿姓名"
        placeholder="新增成员（出生）姓名"
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          update(e.target.value, idNumber, relation);
        }}
      />
      <Input
        aria-label="新生儿身份证号"
        placeholder="身份证号"
        value={idNumber}
        onChange={(e) => {
          setIdNumber(e.target.value);
          update(name, e.target.value, relation);
        }}
      />
      <Select
        aria-label="与户主关系"
        style={{ minWidth: 100 }}
        value={relation}
        options={(['子', '女', '孙子女', '其他'] as const).map((r) => ({ value: r, label: r }))}
        onChange={(r: Join['relation']) => {
          setRelation(r);
          update(name, idNumber, r);
        }}
      />
    </Space>
  );
}

/** Registry changes recorded with the revisit (a death, a serious illness, a lost job) — sent to the registry. */
function RegistryChanges({
  household,
  date,
  value,
  onChange,
}: {
  household: Household;
  date: string;
  value: RevisitRegistryChanges;
  onChange: (v: RevisitRegistryChanges) => void;
}) {
  const members = household.members.map((m) => ({ value: m.personId, label: `${m.name}（${m.relation}）` }));
  const ids = (list: { personId: string }[]) => list.map((x) => x.personId);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">选中的成员将在户籍中同步登记（日期为回访日期），无需重复录入。</Typography.Text>
      <BirthInput
        value={value.joins[0]}
        onChange={(join) => onChange({ ...value, joins: join ? [join] : [] })}
        date={date}
      />
      <Select
        mode="multiple"
        aria-label="成员死亡"
        placeholder="成员死亡（离户）"
        options={members.filter((m) => household.members.length > 1 || m.value)}
        value={ids(value.leaves)}
        onChange={(personIds: string[]) =>
          onChange({ ...value, leaves: personIds.map((personId) => ({ personId, date, reason: '死亡' })) })
        }
      />
      <Select
        mode="multiple"
        aria-label="患大病"
        placeholder="健康状况变为患有大病"
        options={members}
        value={ids(value.health)}
        onChange={(personIds: string[]) =>
          onChange({
            ...value,
            health: personIds.map((personId) => ({ personId, change: { date, health: '患有大病' } })),
          })
        }
      />
      <Select
        mode="multiple"
        aria-label="失业"
        placeholder="务工就业变为未就业"
        options={members}
        value={ids(value.employment)}
        onChange={(personIds: string[]) =>
          onChange({
            ...value,
            employment: personIds.map((personId) => ({ personId, change: { date, status: '未就业' } })),
          })
        }
      />
    </Space>
  );
}

/** 每月回访: opens prefilled 无变化/正常, so an unchanged household takes one tap. Works on a phone. */
export function RevisitFormPage() {
  const [params] = useSearchParams();
  const householdId = params.get('household') ?? '';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // The client-generated id: a replayed submission (double tap, retry) creates nothing twice.
  const id = useMemo(() => uuidv7(), []);
  const [visitDate, setVisitDate] = useState<Dayjs>(dayjs());
  const [method, setMethod] = useState<(typeof revisitMethods)[number]>('入户');
  const [changes, setChanges] = useState<Items>(() => allUnchanged(revisitChangeKeys));
  const [situations, setSituations] = useState<Items>(() => allUnchanged(revisitSituationKeys));
  const [registry, setRegistry] = useState<RevisitRegistryChanges>(noRegistryChange);
  const [problems, setProblems] = useState('');
  const [measures, setMeasures] = useState('');
  const household = useQuery({
    queryKey: ['households', householdId],
    queryFn: ({ signal }) => fetchHousehold(householdId, undefined, signal),
    enabled: householdId !== '',
  });
  const date = visitDate.format('YYYY-MM-DD');
  const save = useMutation({
    mutationFn: () => {
      const input: RevisitInput = {
        id,
        householdId,
        visitDate: date,
        method,
        changes,
        situations,
        ...(problems ? { problems } : {}),
        ...(measures ? { measures } : {}),
        registryChanges: {
          leaves: registry.leaves.map((l) => ({ ...l, date })),
          health: registry.health.map((h) => ({ ...h, change: { ...h.change, date } })),
          employment: registry.employment.map((e) => ({ ...e, change: { ...e.change, date } })),
          joins: registry.joins.map((j) => ({ ...j, validFrom: date })),
        },
      };
      return createRevisit(input);
    },
    onSuccess: async (r) => {
      notifySuccess(
        r.riskSignals.length ? `回访已登记，发现风险：${r.riskSignals.map((s) => s.label).join('、')}` : '回访已登记',
      );
      await queryClient.invalidateQueries({ queryKey: revisitKeys.all });
      // A revisit that raised monitoring clues shows them before going back to the list.
      if (r.clues?.length) setRaised(r);
      else void navigate(`/revisits${r.siteId ? `?siteId=${r.siteId}` : ''}`);
    },
  });
  const [raised, setRaised] = useState<Revisit | null>(null);

  if (raised)
    return (
      <Result
        status="warning"
        title="回访已登记"
        subTitle={`已生成监测线索：${raised.clues!.map((c) => c.reason).join('；')}`}
        data-testid="revisit-clues"
        extra={[
          // The household's clues in every state: a clue joins the household's case when one is under way.
          <Button
            key="clues"
            type="primary"
            onClick={() => void navigate(`/monitoring/clues?householdId=${encodeURIComponent(raised.householdId)}`)}
          >
            查看风险线索
          </Button>,
          <Button
            key="back"
            onClick={() => void navigate(`/revisits${raised.siteId ? `?siteId=${raised.siteId}` : ''}`)}
          >
            返回回访
          </Button>,
        ]}
      />
    );

  if (!householdId) return <Result status="warning" title="请从未回访名单选择搬迁户" />;
  if (household.isPending) return <Spin style={{ display: 'block', marginTop: 48 }} />;
  if (household.isError) return <ApiErrorAlert error={household.error} />;
  const h = household.data;
  const head = h.members.find((m) => m.relation === '户主');
  const anything =
    Object.values(changes).some((c) => c.changed) ||
    Object.values(situations).some((c) => c.changed) ||
    registry.leaves.length + registry.health.length + registry.employment.length > 0;

  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }} data-testid="revisit-form">
      <Card size="small" title={`每月回访 · ${h.householdNumber}`}>
        <Typography.Paragraph>
          户主：{head?.name ?? '—'} · {h.siteName ?? '分散安置'} {[h.building, h.unit, h.room].filter(Boolean).join('')}
        </Typography.Paragraph>
        <Space wrap>
          <DatePicker
            aria-label="回访日期"
            value={visitDate}
            allowClear={false}
            inputReadOnly
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            onChange={(d) => d && setVisitDate(d)}
          />
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            value={method}
            options={revisitMethods.map((m) => ({ value: m, label: m }))}
            onChange={(e) => setMethod(e.target.value as typeof method)}
          />
        </Space>
      </Card>
      <Card size="small" title="五个变化" style={{ marginTop: 8 }}>
        {revisitChangeKeys.map((k) => (
          <ItemRow
            key={k}
            label={revisitChangeLabels[k]}
            whats={revisitChangeWhats[k]}
            value={changes[k]!}
            onLabel="有变化"
            offLabel="无变化"
            onChange={(v) => setChanges({ ...changes, [k]: v })}
          />
        ))}
      </Card>
      <Card size="small" title="五种情况" style={{ marginTop: 8 }}>
        {revisitSituationKeys.map((k) => (
          <ItemRow
            key={k}
            label={revisitSituationLabels[k]}
            whats={revisitSituationWhats[k]}
            value={situations[k]!}
            onLabel="有问题"
            offLabel="正常"
            onChange={(v) => setSituations({ ...situations, [k]: v })}
          />
        ))}
      </Card>
      {anything && (
        <Card size="small" title="同步登记户籍变化（可选）" style={{ marginTop: 8 }}>
          <RegistryChanges household={h} date={date} value={registry} onChange={setRegistry} />
        </Card>
      )}
      {anything && (
        <Card size="small" title="发现问题与处理措施（可选）" style={{ marginTop: 8 }}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input.TextArea placeholder="发现问题" value={problems} onChange={(e) => setProblems(e.target.value)} />
            <Input.TextArea placeholder="处理措施" value={measures} onChange={(e) => setMeasures(e.target.value)} />
          </Space>
        </Card>
      )}
      {save.isError && <ApiErrorAlert error={save.error} />}
      {!anything && <Alert style={{ marginTop: 8 }} type="info" showIcon message="各项均为无变化/正常，可直接提交" />}
      <Button
        type="primary"
        size="large"
        block
        data-testid="revisit-submit"
        style={{ marginTop: 12, marginBottom: 24 }}
        loading={save.isPending}
        onClick={() => save.mutate()}
      >
        {anything ? '提交回访' : '提交回访（无变化）'}
      </Button>
    </div>
  );
}
