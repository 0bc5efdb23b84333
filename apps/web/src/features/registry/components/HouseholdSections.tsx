import type { Household, Member } from '@anzhi/contracts/registry';
import { Descriptions, Empty, Table, Tag } from 'antd';
import type { DescriptionsProps, TableColumnsType } from 'antd';
import { lockEndDate, orDash } from './householdFormat';
import { RevealNumber } from './RevealNumber';

type Land = Household['lands'][number];

/** 家庭成员 as of the household's `asOf`: masked numbers (查看 reveals one) and ages, never birth dates. */
export function MembersTable({ household, printable = false }: { household: Household; printable?: boolean }) {
  const columns: TableColumnsType<Member> = [
    { title: '与户主关系', dataIndex: 'relation', width: 90 },
    { title: '姓名', dataIndex: 'name', width: 90 },
    { title: '性别', dataIndex: 'sex', width: 60 },
    { title: '年龄', dataIndex: 'age', width: 60, align: 'right' },
    {
      title: '证件号码',
      key: 'document',
      width: 230,
      render: (_, m) =>
        printable ? (
          orDash(m.documentNumber)
        ) : (
          <RevealNumber
            personId={m.personId}
            name={m.name}
            masked={m.documentNumber}
            canReveal={household.abilities.reveal}
          />
        ),
    },
    { title: '劳动技能', dataIndex: 'labourCapacity', width: 130 },
    {
      title: '健康状况',
      key: 'health',
      width: 110,
      render: (_, m) => (m.disabilityGrade ? `${m.health}（${m.disabilityGrade}）` : m.health),
    },
    { title: '在校生情况', dataIndex: 'studentStatus', width: 100 },
    {
      title: '务工就业',
      key: 'employment',
      width: 200,
      render: (_, m) => (m.employment ? [m.employment.status, m.employment.employer].filter(Boolean).join('，') : '—'),
    },
    { title: '入户日期', dataIndex: 'validFrom', width: 110 },
  ];
  return (
    <Table<Member>
      rowKey="personId"
      size="small"
      columns={columns}
      dataSource={household.members}
      pagination={false}
      scroll={printable ? undefined : { x: 1100 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该日期没有成员" /> }}
      data-testid="members-table"
    />
  );
}

/** 住房: type, area, certificate, handover, old house, the 20-year lock's end. */
export function HousingSection({ household: h }: { household: Household }) {
  const lockEnd = lockEndDate(h);
  const items: DescriptionsProps['items'] = [
    { key: 'type', label: '住房类型', children: h.housingType },
    { key: 'area', label: '住房面积', children: h.floorArea === null ? '—' : `${h.floorArea} ㎡` },
    { key: 'cert', label: '不动产权证号', children: orDash(h.propertyCertificateNo) },
    { key: 'certDate', label: '发证日期', children: orDash(h.certificateDate) },
    { key: 'handover', label: '交房日期', children: orDash(h.handoverDate) },
    { key: 'old', label: '旧房处置', children: orDash(h.oldHouseStatus) },
    {
      key: 'lock',
      label: '20 年不得转让出租截止',
      children: lockEnd
        ? `${lockEnd}（自${h.certificateDate ? '发证' : '交房'}日期起算）`
        : '无法计算（缺发证及交房日期）',
      span: 2,
    },
  ];
  return <Descriptions bordered size="small" column={2} items={items} />;
}

/** 三块地: 宅基地, 耕地, 林地 with their transfer. */
export function LandsTable({ lands }: { lands: Household['lands'] }) {
  const columns: TableColumnsType<Land> = [
    { title: '类型', dataIndex: 'kind', width: 90 },
    { title: '面积（亩）', dataIndex: 'area', width: 100, align: 'right' },
    { title: '流转情况', dataIndex: 'transferStatus', width: 100 },
    { title: '流转对象', dataIndex: 'tenant', render: (v: string | null) => orDash(v) },
    {
      title: '年租金（元）',
      dataIndex: 'annualRent',
      width: 120,
      align: 'right',
      render: (v: number | null) => orDash(v),
    },
  ];
  return (
    <Table<Land>
      rowKey={(l) => `${l.kind}-${l.area}-${l.tenant ?? ''}`}
      size="small"
      columns={columns}
      dataSource={[...lands]}
      pagination={false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未登记土地" /> }}
    />
  );
}

/** 就业: the members who can work and what they do (as of `asOf`). */
export function EmploymentSection({ household }: { household: Household }) {
  const canWork = household.members.filter((m) =>
    ['普通劳动力', '技能劳动力', '弱劳动力或半劳动力'].includes(m.labourCapacity),
  );
  const employed = household.members.filter(
    (m) => m.employment !== null && !['未就业', '在校生', '不适用'].includes(m.employment.status),
  );
  return (
    <>
      <Descriptions
        size="small"
        column={3}
        items={[
          { key: 'members', label: '家庭人口', children: household.memberCount },
          { key: 'labour', label: '劳动力', children: canWork.length },
          {
            key: 'employed',
            label: '就业',
            children:
              employed.length === 0 && canWork.length > 0 ? (
                <Tag color="orange">0（有劳动力无人就业）</Tag>
              ) : (
                employed.length
              ),
          },
        ]}
      />
      <Table
        rowKey="personId"
        size="small"
        pagination={false}
        dataSource={employed}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 90 },
          { title: '务工状态', key: 'status', width: 110, render: (_: unknown, m: Member) => m.employment?.status },
          { title: '就业单位', key: 'employer', render: (_: unknown, m: Member) => orDash(m.employment?.employer) },
          { title: '就业地点', key: 'place', render: (_: unknown, m: Member) => orDash(m.employment?.place) },
          {
            title: '月收入（元）',
            key: 'income',
            width: 120,
            align: 'right',
            render: (_: unknown, m: Member) => orDash(m.employment?.monthlyIncome),
          },
          { title: '起始日期', key: 'from', width: 110, render: (_: unknown, m: Member) => m.employment?.validFrom },
        ]}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无就业成员" /> }}
      />
    </>
  );
}
