import type { PersonListItem } from '@anzhi/contracts/registry-views';
import { healthStatuses, labourCapacities } from '@anzhi/contracts/registry';
import { personEmploymentFilterLabels } from '@anzhi/contracts/registry-views';
import { Card, Flex, Input, InputNumber, Select } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useNavigate } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { PagedTable } from '../../../components/PagedTable';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { Watermark } from '../../../components/Watermark';
import { ExportButton } from '../components/ExportButton';
import { useLookupPerson, usePersons } from '../hooks/useRegistry';

const filterKeys = ['name', 'householdNumber', 'labourCapacity', 'employment', 'health', 'ageMin', 'ageMax'] as const;
const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

/** `/persons`: current members of the households in scope; exact lookup by ID number jumps to the household. */
export function PersonsPage() {
  const { params, update, paging } = useUrlFilters();
  const navigate = useNavigate();
  const filters = Object.fromEntries(filterKeys.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : [])));
  const persons = usePersons({ ...filters, page: paging.page, pageSize: paging.pageSize });
  const lookup = useLookupPerson();

  const columns: TableColumnsType<PersonListItem> = [
    { title: '姓名', dataIndex: 'name', width: 90 },
    { title: '性别', dataIndex: 'sex', width: 60 },
    { title: '年龄', dataIndex: 'age', width: 60, align: 'right' },
    { title: '证件号码', dataIndex: 'documentNumber', width: 190, render: (v: string | null) => v ?? '—' },
    {
      title: '户编号',
      dataIndex: 'householdNumber',
      width: 170,
      render: (no: string, p) => <Link to={`/households/${p.householdId}`}>{no}</Link>,
    },
    { title: '与户主关系', dataIndex: 'relation', width: 90 },
    { title: '安置点', key: 'place', width: 150, render: (_, p) => p.siteName ?? `${p.townshipName ?? ''}（分散）` },
    { title: '健康状况', dataIndex: 'health', width: 100 },
    { title: '劳动技能', dataIndex: 'labourCapacity', width: 130 },
    {
      title: '务工就业',
      key: 'employment',
      width: 180,
      render: (_, p) => [p.employmentStatus, p.employer].filter(Boolean).join('，') || '—',
    },
  ];

  const select = (
    key: (typeof filterKeys)[number],
    placeholder: string,
    values: { value: string; label: string }[],
    width = 150,
  ) => (
    <Select
      allowClear
      placeholder={placeholder}
      value={params.get(key) ?? undefined}
      onChange={(v: string | undefined) => update({ [key]: v })}
      options={values}
      style={{ width }}
      data-testid={`persons-filter-${key}`}
    />
  );

  return (
    <Watermark>
      <Card title="人员" extra={<ExportButton list="persons" filters={filters} />}>
        <Flex wrap gap={12} style={{ marginBottom: 12 }}>
          <Input.Search
            placeholder="按身份证号码精确查找"
            enterButton="查找"
            allowClear
            loading={lookup.isPending}
            onSearch={(value) => {
              if (value.trim() === '') return;
              lookup.mutate(value.trim(), {
                onSuccess: (p) => {
                  if (p.household) void navigate(`/households/${p.household.id}`);
                },
              });
            }}
            style={{ width: 360 }}
            data-testid="persons-lookup"
          />
        </Flex>
        <ApiErrorAlert error={lookup.error} />
        {lookup.data && !lookup.data.household && <ApiErrorAlert error={new Error('该人员目前不在任何户中')} />}
        <Flex wrap gap={12} style={{ marginBottom: 16 }}>
          <Input.Search
            placeholder="姓名"
            allowClear
            key={`n${params.get('name') ?? ''}`}
            defaultValue={params.get('name') ?? undefined}
            onSearch={(v) => update({ name: v.trim() })}
            style={{ width: 150 }}
          />
          <Input.Search
            placeholder="户编号"
            allowClear
            key={`h${params.get('householdNumber') ?? ''}`}
            defaultValue={params.get('householdNumber') ?? undefined}
            onSearch={(v) => update({ householdNumber: v.trim() })}
            style={{ width: 190 }}
          />
          {select('labourCapacity', '劳动技能', options(labourCapacities), 170)}
          {select('health', '健康状况', options(healthStatuses), 120)}
          {select(
            'employment',
            '就业情况',
            Object.entries(personEmploymentFilterLabels).map(([value, label]) => ({ value, label })),
            190,
          )}
          <InputNumber
            min={0}
            max={150}
            placeholder="最小年龄"
            value={params.get('ageMin') === null ? null : Number(params.get('ageMin'))}
            onChange={(v) => update({ ageMin: v ?? undefined })}
            style={{ width: 100 }}
          />
          <InputNumber
            min={0}
            max={150}
            placeholder="最大年龄"
            value={params.get('ageMax') === null ? null : Number(params.get('ageMax'))}
            onChange={(v) => update({ ageMax: v ?? undefined })}
            style={{ width: 100 }}
          />
        </Flex>
        <ApiErrorAlert error={persons.error} />
        <PagedTable<PersonListItem>
          rowKey="id"
          columns={columns}
          query={persons}
          {...paging}
          unitLabel="人"
          totalTestId="persons-total"
          emptyText="您的范围内还没有人员"
          filteredEmptyText="没有符合条件的人员"
          filtered={Object.keys(filters).length > 0}
          scrollX={1300}
          data-testid="persons-table"
        />
      </Card>
    </Watermark>
  );
}
