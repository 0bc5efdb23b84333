import { DivisionAliasInputSchema, divisionLevelLabels } from '@anzhi/contracts/org';
import type { Division, DivisionAlias } from '@anzhi/contracts/org';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Form, Input, Row, Spin, Table, Tree, Typography } from 'antd';
import type { TableColumnsType, TreeDataNode } from 'antd';
import { useState } from 'react';
import { notifySuccess } from '../../../api/feedback';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { FormModal } from '../../../components/FormModal';
import { zodRule } from '../../../components/zodRule';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import {
  useAddDivisionAlias,
  useDivisionAliases,
  useDivisionChildrenLoader,
  useDivisions,
} from '../hooks/useDivisions';

function nodeTitle(d: Division) {
  return (
    <span>
      {d.name}{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {d.code} · {divisionLevelLabels[d.level]}
      </Typography.Text>
    </span>
  );
}

/** The county → townships → villages, each level loaded when opened. */
function DivisionTree() {
  const county = useDivisions({ level: 'county' });
  const loadChildren = useDivisionChildrenLoader();
  const [children, setChildren] = useState<ReadonlyMap<string, Division[]>>(new Map());

  const toNode = (d: Division): TreeDataNode => {
    const kids = children.get(d.code);
    return {
      key: d.code,
      title: nodeTitle(d),
      isLeaf: d.level === 'village',
      ...(kids === undefined ? {} : { children: kids.map(toNode) }),
    };
  };

  if (county.isPending) return <Spin description="加载中…" style={{ display: 'block', margin: 24 }} />;
  if (county.isError) return <ApiErrorAlert error={county.error} />;
  if (county.data.length === 0) return <Empty description="尚未载入行政区划" />;

  return (
    <Tree
      showLine
      treeData={county.data.map(toNode)}
      loadData={async (node) => {
        const code = String(node.key);
        if (children.has(code)) return;
        const list = await loadChildren(code);
        setChildren((prev) => new Map(prev).set(code, list));
      }}
      data-testid="division-tree"
    />
  );
}

interface AliasFormValues {
  alias: string;
  divisionCode: string | null;
  note: string;
}

function AliasModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<AliasFormValues>();
  const add = useAddDivisionAlias();

  const onFinish = (values: AliasFormValues) => {
    const note = values.note.trim();
    const parsed = DivisionAliasInputSchema.safeParse({
      alias: values.alias,
      divisionCode: values.divisionCode ?? '',
      ...(note === '' ? {} : { note }),
    });
    if (!parsed.success) return;
    add.mutate(parsed.data, {
      onSuccess: (alias) => {
        notifySuccess(`已登记：${alias.alias} → ${alias.divisionName}`);
        onClose();
      },
    });
  };

  return (
    <FormModal<AliasFormValues>
      form={form}
      title="新增旧名称别名"
      okText="保存"
      mutation={add}
      initialValues={{ alias: '', divisionCode: null, note: '' }}
      onFinish={onFinish}
      onClose={onClose}
      intro="导入文件中出现旧名称（如撤并前的乡镇名）时，系统按别名识别为现在的行政区划。"
    >
      <Form.Item label="旧名称" name="alias" required rules={[zodRule(DivisionAliasInputSchema.shape.alias)]}>
        <Input maxLength={50} placeholder="如：岩岭乡" />
      </Form.Item>
      <Form.Item label="现名称" name="divisionCode" rules={[{ required: true, message: '请选择现在的行政区划' }]}>
        <DivisionSelect selectable="any" placeholder="请选择乡镇或村（社区）" />
      </Form.Item>
      <Form.Item label="备注" name="note" rules={[zodRule(DivisionAliasInputSchema.shape.note)]}>
        <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} placeholder="如：2021 年撤乡设镇" />
      </Form.Item>
    </FormModal>
  );
}

const aliasColumns: TableColumnsType<DivisionAlias> = [
  { title: '旧名称', dataIndex: 'alias', width: 140 },
  { title: '现名称', dataIndex: 'divisionName', width: 160 },
  { title: '区划代码', dataIndex: 'divisionCode', width: 140 },
  { title: '备注', dataIndex: 'note', render: (note: string | null) => note ?? '—' },
];

/** `/divisions`: the division tree and the old-name alias table. */
export function DivisionsPage() {
  const me = useCurrentMe();
  const canManage = me.permissions.includes('division.manage');
  const aliases = useDivisionAliases();
  const [adding, setAdding] = useState(false);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={10}>
        <Card title="行政区划">
          <DivisionTree />
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        <Card
          title="旧名称别名"
          extra={
            canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                新增别名
              </Button>
            )
          }
        >
          <ApiErrorAlert error={aliases.error} />
          <Table<DivisionAlias>
            rowKey="alias"
            columns={aliasColumns}
            dataSource={aliases.data ?? []}
            loading={aliases.isPending}
            size="middle"
            pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有登记别名" /> }}
          />
        </Card>
      </Col>
      {adding && <AliasModal onClose={() => setAdding(false)} />}
    </Row>
  );
}
