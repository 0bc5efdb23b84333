import { roleLabels, roleScopeKind, roles } from '@anzhi/contracts/permissions';
import type { Role, ScopeKind } from '@anzhi/contracts/permissions';
import { Col, Form, Input, Row, Select } from 'antd';
import type { FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { SiteSelect } from '../../sites/components/SiteSelect';
import { UnitSelect } from '../../units/components/UnitSelect';

/** One role assignment as edited in a form; the scope field its role needs is filled, the others null. */
export interface AssignmentValues {
  role?: Role;
  divisionCode?: string | null;
  siteId?: string | null;
  unitId?: string | null;
}

/** The assignment as the API takes it: only the field the role's scope derives from. */
export function toAssignmentInput(values: AssignmentValues): {
  role: Role;
  divisionCode: string | null;
  siteId: string | null;
  unitId: string | null;
} | null {
  if (values.role === undefined) return null;
  const kind = roleScopeKind[values.role];
  return {
    role: values.role,
    divisionCode: kind === 'township' || kind === 'village' ? (values.divisionCode ?? null) : null,
    siteId: kind === 'site' ? (values.siteId ?? null) : null,
    unitId: kind === 'unit' || kind === 'urban' ? (values.unitId ?? null) : null,
  };
}

/** What a role without a record to pick covers, in words. */
const fixedScopeText: Partial<Record<ScopeKind, string>> = {
  county: '全县',
  pairing: '结对帮扶的户（由结对关系决定）',
  household: '本户（由户籍登记决定）',
};

const roleOptions = roles.map((r) => ({ value: r, label: roleLabels[r] }));

export interface RoleScopeFieldsProps {
  form: FormInstance;
  /** Path of the assignment for Form.Item `name` (relative inside a Form.List). */
  name: (string | number)[];
  /** The same assignment's absolute path in the form (for watching and resetting). */
  path: (string | number)[];
  testIdPrefix?: string;
}

/** Role select plus the scope field that role needs (乡镇, 村, 安置点 or 单位; see `roleScopeKind`). */
export function RoleScopeFields({ form, name, path, testIdPrefix = 'assignment' }: RoleScopeFieldsProps) {
  const role = Form.useWatch<Role | undefined>([...path, 'role'], form);
  const kind = role === undefined ? undefined : roleScopeKind[role];

  const clearScope = () => {
    form.setFieldValue([...path, 'divisionCode'], null);
    form.setFieldValue([...path, 'siteId'], null);
    form.setFieldValue([...path, 'unitId'], null);
  };

  let scope: ReactNode;
  switch (kind) {
    case 'township':
      scope = (
        <Form.Item label="乡镇" name={[...name, 'divisionCode']} rules={[{ required: true, message: '请选择乡镇' }]}>
          <DivisionSelect selectable="township" data-testid={`${testIdPrefix}-township`} />
        </Form.Item>
      );
      break;
    case 'village':
      scope = (
        <Form.Item
          label="迁出村（社区）"
          name={[...name, 'divisionCode']}
          rules={[{ required: true, message: '请选择迁出村' }]}
        >
          <DivisionSelect selectable="village" data-testid={`${testIdPrefix}-village`} />
        </Form.Item>
      );
      break;
    case 'site':
      scope = (
        <Form.Item label="安置点" name={[...name, 'siteId']} rules={[{ required: true, message: '请选择安置点' }]}>
          <SiteSelect data-testid={`${testIdPrefix}-site`} />
        </Form.Item>
      );
      break;
    case 'unit':
      scope = (
        <Form.Item label="单位" name={[...name, 'unitId']} rules={[{ required: true, message: '请选择单位' }]}>
          <UnitSelect data-testid={`${testIdPrefix}-unit`} />
        </Form.Item>
      );
      break;
    case 'urban':
      scope = (
        <Form.Item label="单位（可选）" name={[...name, 'unitId']} tooltip="范围为城市社区管辖的县城安置点">
          <UnitSelect data-testid={`${testIdPrefix}-unit`} />
        </Form.Item>
      );
      break;
    case undefined:
      scope = (
        <Form.Item label="范围">
          <Input disabled placeholder="请先选择角色" />
        </Form.Item>
      );
      break;
    default:
      scope = (
        <Form.Item label="范围">
          <Input disabled value={fixedScopeText[kind] ?? ''} />
        </Form.Item>
      );
  }

  return (
    <Row gutter={12} style={{ flex: 1 }}>
      <Col span={11}>
        <Form.Item label="角色" name={[...name, 'role']} rules={[{ required: true, message: '请选择角色' }]}>
          <Select<Role>
            placeholder="请选择角色"
            options={roleOptions}
            onChange={clearScope}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid={`${testIdPrefix}-role`}
          />
        </Form.Item>
      </Col>
      <Col span={13}>{scope}</Col>
    </Row>
  );
}
