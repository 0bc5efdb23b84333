import { UnitAliasInputSchema, UnitInputSchema, unitKindLabels, unitKinds } from '@anzhi/contracts/org';
import type { Unit, UnitKind } from '@anzhi/contracts/org';
import { uuidv7 } from '@anzhi/domain/ids';
import { Form, Input, Select } from 'antd';
import { useState } from 'react';
import { notifySuccess } from '../../../api/feedback';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { FormModal } from '../../../components/FormModal';
import { zodRule } from '../../../components/zodRule';
import { useAddUnitAlias, useCreateUnit } from '../hooks/useUnits';

interface UnitFormValues {
  name: string;
  kind: UnitKind | undefined;
  divisionCode: string | null;
}

/** 新增单位 (a unit the seed does not list, marked 补充). Mount only while open. */
export function UnitFormModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<UnitFormValues>();
  const [clientId] = useState(() => uuidv7());
  const create = useCreateUnit();
  const kind = Form.useWatch('kind', form);

  const onFinish = (values: UnitFormValues) => {
    const parsed = UnitInputSchema.safeParse({
      id: clientId,
      name: values.name,
      kind: values.kind,
      divisionCode: values.kind === 'township' ? values.divisionCode : null,
    });
    if (!parsed.success) return;
    create.mutate(parsed.data, {
      onSuccess: (unit) => {
        notifySuccess(`已新增单位“${unit.name}”`);
        onClose();
      },
    });
  };

  return (
    <FormModal<UnitFormValues>
      form={form}
      title="新增单位"
      okText="保存"
      mutation={create}
      initialValues={{ name: '', kind: undefined, divisionCode: null }}
      onFinish={onFinish}
      onClose={onClose}
    >
      <Form.Item label="单位名称" name="name" required rules={[zodRule(UnitInputSchema.shape.name)]}>
        <Input maxLength={50} placeholder="如：县交通运输局" />
      </Form.Item>
      <Form.Item label="类别" name="kind" rules={[{ required: true, message: '请选择单位类别' }]}>
        <Select placeholder="请选择" options={unitKinds.map((k) => ({ value: k, label: unitKindLabels[k] }))} />
      </Form.Item>
      {kind === 'township' && (
        <Form.Item label="所在乡镇" name="divisionCode" rules={[{ required: true, message: '请选择乡镇' }]}>
          <DivisionSelect selectable="township" />
        </Form.Item>
      )}
    </FormModal>
  );
}

/** 添加别名: another name under which the unit appears in county documents. Mount only while open. */
export function UnitAliasModal({ unit, onClose }: { unit: Unit; onClose: () => void }) {
  const [form] = Form.useForm<{ alias: string }>();
  const add = useAddUnitAlias();

  const onFinish = ({ alias }: { alias: string }) => {
    const parsed = UnitAliasInputSchema.safeParse({ alias });
    if (!parsed.success) return;
    add.mutate(
      { unitId: unit.id, alias: parsed.data.alias },
      {
        onSuccess: () => {
          notifySuccess(`已为“${unit.name}”添加别名“${parsed.data.alias}”`);
          onClose();
        },
      },
    );
  };

  return (
    <FormModal<{ alias: string }>
      form={form}
      title={`添加别名：${unit.name}`}
      okText="保存"
      mutation={add}
      initialValues={{ alias: '' }}
      onFinish={onFinish}
      onClose={onClose}
      intro="别名用于识别文件和工作簿中该单位的其他写法（如简称、旧称）。"
    >
      <Form.Item
        label="别名"
        name="alias"
        rules={[{ required: true, whitespace: true, message: '请输入别名' }, zodRule(UnitAliasInputSchema.shape.alias)]}
      >
        <Input maxLength={50} />
      </Form.Item>
    </FormModal>
  );
}
