import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Input, Space, Spin, Tabs, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { Watermark } from '../../../components/Watermark';
import { NotFoundPage } from '../../errors/pages/NotFoundPage';
import { HouseholdActions } from '../components/HouseholdActions';
import { placeText } from '../components/householdFormat';
import { EmploymentSection, HousingSection, LandsTable, MembersTable } from '../components/HouseholdSections';
import { HouseholdTimeline } from '../components/HouseholdTimeline';
import { useHousehold } from '../hooks/useRegistry';
import { HousingLockSection } from '../events/HousingLockSection';
import { PlacementHistorySection } from '../events/PlacementHistorySection';
import { HouseholdIncomeSection } from '../../incomes/components/HouseholdIncomeSection';

/** `/households/:id`: one household — members as of a date, housing, land, employment and its 变更记录. */
export function HouseholdDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const asOf = params.get('asOf') ?? undefined;
  const household = useHousehold(id, asOf);

  if (household.isPending) return <Spin description="加载中…" style={{ display: 'block', margin: '48px auto' }} />;
  if (household.isError) {
    if (household.error instanceof ApiError && (household.error.status === 404 || household.error.status === 400))
      return <NotFoundPage subTitle="搬迁户不存在或无权查看" />;
    return <ApiErrorAlert error={household.error} />;
  }
  const h = household.data;
  const head = h.members.find((m) => m.relation === '户主');
  const items: DescriptionsProps['items'] = [
    { key: 'head', label: '户主', children: head?.name ?? '—' },
    { key: 'category', label: '户类别', children: h.category },
    { key: 'placement', label: '安置方式', children: h.placement },
    { key: 'place', label: '安置地址', children: placeText(h), span: 2 },
    { key: 'township', label: '乡镇', children: h.townshipName ?? '—' },
    { key: 'origin', label: '迁出村', children: h.originVillageName ?? '—' },
    { key: 'year', label: '搬迁年度', children: h.relocationYear },
    {
      key: 'monitoring',
      label: '监测状态',
      children:
        h.monitoringStatus === '未纳入监测' ? h.monitoringStatus : <Tag color="orange">{h.monitoringStatus}</Tag>,
    },
    { key: 'phone', label: '联系电话', children: h.phone ?? '—' },
    { key: 'status', label: '状态', children: h.status === 'closed' ? `已注销（${h.closedReason ?? ''}）` : '正常' },
  ];

  return (
    <Watermark>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card
          title={
            <Space>
              <span data-testid="household-number">户编号 {h.householdNumber}</span>
              {head && <Typography.Text type="secondary">户主 {head.name}</Typography.Text>}
            </Space>
          }
          extra={
            <Space>
              <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)}>
                返回
              </Button>
              <HouseholdActions household={h} />
            </Space>
          }
          data-testid="household-detail"
        >
          <Descriptions bordered size="small" column={3} items={items} />
        </Card>
        <Card>
          <Tabs
            items={[
              {
                key: 'members',
                label: `家庭成员（${h.memberCount}）`,
                children: (
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    <Space>
                      <span>查看日期</span>
                      <Input
                        type="date"
                        value={h.asOf}
                        onChange={(e) =>
                          setParams(
                            (prev) => {
                              const next = new URLSearchParams(prev);
                              if (e.target.value) next.set('asOf', e.target.value);
                              else next.delete('asOf');
                              return next;
                            },
                            { replace: true },
                          )
                        }
                        style={{ width: 170 }}
                        data-testid="household-as-of"
                      />
                      <Typography.Text type="secondary">显示该日的家庭成员（默认今天）</Typography.Text>
                    </Space>
                    <MembersTable household={h} />
                  </Space>
                ),
              },
              { key: 'housing', label: '住房', children: <HousingSection household={h} /> },
              { key: 'placements', label: '安置与变动', children: <PlacementHistorySection household={h} /> },
              { key: 'housing-lock', label: '20年禁售', children: <HousingLockSection household={h} /> },
              { key: 'lands', label: '三块地', children: <LandsTable lands={h.lands} /> },
              { key: 'employment', label: '就业', children: <EmploymentSection household={h} /> },
              {
                key: 'income',
                label: '年度收入',
                children: <HouseholdIncomeSection householdId={h.id} householdNumber={h.householdNumber} />,
              },
              { key: 'timeline', label: '变更记录', children: <HouseholdTimeline householdId={h.id} /> },
            ]}
          />
        </Card>
      </Space>
    </Watermark>
  );
}
