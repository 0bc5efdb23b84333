import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Space, Spin, Tabs, Tag } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { Watermark } from '../../../components/Watermark';
import { NotFoundPage } from '../../errors/pages/NotFoundPage';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { SiteHouseholds } from '../../registry/components/SiteHouseholds';
import { SiteFormModal } from '../components/SiteFormModal';
import { SiteEventActions } from '../../registry/events/SiteEventActions';
import { PeopleNames } from '../components/sitePeople';
import { SiteStatusTag } from '../components/SiteStatusTag';
import { useSite } from '../hooks/useSites';

const notFoundText = '安置点不存在或无权查看';

function orDash(text: string | null) {
  return text === null || text === '' ? '—' : text;
}

/** `/sites/:id`: every field of one site with its chiefs and managers; 编辑 when the server allows. */
export function SiteDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const site = useSite(id);
  const [editing, setEditing] = useState(false);
  const canReadHouseholds = useCurrentMe().permissions.includes('household.read');

  if (site.isPending) return <Spin description="加载中…" style={{ display: 'block', margin: '48px auto' }} />;
  if (site.isError) {
    // Out of scope is invisible (404); a malformed id in the address is just as missing.
    if (site.error instanceof ApiError && (site.error.status === 404 || site.error.status === 400)) {
      return <NotFoundPage subTitle={site.error.status === 404 ? site.error.message : notFoundText} />;
    }
    return <ApiErrorAlert error={site.error} />;
  }

  const s = site.data;
  const items: DescriptionsProps['items'] = [
    { key: 'name', label: '名称', children: s.name },
    { key: 'type', label: '类型', children: s.type },
    { key: 'households', label: '搬迁户（当前）', children: `${s.households} 户 ${s.persons} 人` },
    { key: 'township', label: '乡镇', children: s.townshipName },
    { key: 'village', label: '村（社区）', children: orDash(s.villageName) },
    { key: 'status', label: '状态', children: <SiteStatusTag status={s.status} /> },
    {
      key: 'urban',
      label: '城市社区管辖',
      children: s.urbanCommunity ? <Tag color="purple">城市社区管辖</Tag> : '否',
    },
    { key: 'address', label: '地址', children: orDash(s.address), span: 2 },
    {
      key: 'coords',
      label: '坐标（纬度，经度）',
      children: s.latitude === null || s.longitude === null ? '—' : `${s.latitude}，${s.longitude}`,
    },
    { key: 'committee', label: '社区居委会', children: s.hasCommittee ? '已设立' : '未设立' },
    { key: 'window', label: '服务窗口', children: orDash(s.serviceWindow), span: 2 },
    { key: 'facilities', label: '配套设施', children: orDash(s.facilities), span: 2 },
    { key: 'chiefs', label: '点长', children: <PeopleNames people={s.chiefs} /> },
    { key: 'managers', label: '安置点管理员', children: <PeopleNames people={s.managers} /> },
  ];

  return (
    <Watermark>
      <Card
        title={s.name}
        data-testid="site-detail"
        extra={
          <Space>
            <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/sites')}>
              返回列表
            </Button>
            {s.abilities.update && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>
                编辑
              </Button>
            )}
            {canReadHouseholds && <SiteEventActions site={s} />}
          </Space>
        }
      >
        {canReadHouseholds ? (
          <Tabs
            items={[
              {
                key: 'info',
                label: '基本信息',
                children: <Descriptions bordered column={2} size="middle" items={items} />,
              },
              { key: 'households', label: '搬迁户', children: <SiteHouseholds siteId={s.id} /> },
            ]}
          />
        ) : (
          <Descriptions bordered column={2} size="middle" items={items} />
        )}
      </Card>
      {editing && <SiteFormModal site={s} onClose={() => setEditing(false)} />}
    </Watermark>
  );
}
