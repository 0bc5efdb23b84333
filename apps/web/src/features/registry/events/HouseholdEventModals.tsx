import type { Household } from '@anzhi/contracts/registry';
import { closeReasons, HouseholdSplitInputSchema } from '@anzhi/contracts/registry-events';
import { memberRelations } from '@anzhi/contracts/registry';
import { uuidv7 } from '@anzhi/domain/ids';
import { Checkbox, Form, Input, Select, Table } from 'antd';
import { useState } from 'react';
import { notifySuccess } from '../../../api/feedback';
import { FormModal } from '../../../components/FormModal';
import { showFieldErrors } from '../../../components/formErrors';
import { zodRule } from '../../../components/zodRule';
import { closeHousehold, moveHousehold, splitHousehold } from './api';
import {
  blankToNull,
  EffectiveDateItem,
  PlacementFields,
  placementInput,
  todayLocal,
  type PlacementFormValues,
} from './fields';
import { useRegistryWrite } from './hooks';

interface ModalProps {
  household: Household;
  onClose: () => void;
}

const noteItem = (
  <Form.Item label="说明" name="note">
    <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} />
  </Form.Item>
);

type MoveValues = PlacementFormValues & { date: string; note: string };

/** 迁移: another site, township or village from a date. */
export function MoveHouseholdModal({ household: h, onClose }: ModalProps) {
  const [form] = Form.useForm<MoveValues>();
  const move = useRegistryWrite((v: MoveValues) =>
    moveHousehold(h.id, { ...placementInput(v), date: v.date, note: blankToNull(v.note) }),
  );
  return (
    <FormModal<MoveValues>
      form={form}
      title={`迁移：户编号 ${h.householdNumber}`}
      okText="确认迁移"
      mutation={move}
      intro="自迁移日期起，该户计入新的安置点（或村）；此前各月仍计入原安置地。"
      initialValues={{
        placement: h.placement,
        siteId: null,
        building: '',
        unit: '',
        room: '',
        destinationVillageCode: null,
        date: todayLocal(),
        note: '',
      }}
      onFinish={(v) =>
        move.mutate(v, {
          onSuccess: () => {
            notifySuccess('已办理迁移');
            onClose();
          },
          onError: (e) => showFieldErrors(form, e),
        })
      }
      onClose={onClose}
    >
      <EffectiveDateItem label="迁移日期" />
      <PlacementFields />
      {noteItem}
    </FormModal>
  );
}

interface CloseValues {
  date: string;
  reason: (typeof closeReasons)[number] | undefined;
  note: string;
}

/** 注销: the household stops counting from the date; its members leave on it. */
export function CloseHouseholdModal({ household: h, onClose }: ModalProps) {
  const [form] = Form.useForm<CloseValues>();
  const close = useRegistryWrite((v: CloseValues) =>
    closeHousehold(h.id, { date: v.date, reason: v.reason!, note: blankToNull(v.note) }),
  );
  return (
    <FormModal<CloseValues>
      form={form}
      title={`注销：户编号 ${h.householdNumber}`}
      okText="确认注销"
      danger
      mutation={close}
      intro={`注销后该户自注销日期起不再计入统计，当前 ${h.memberCount} 名成员同日离户；注销后不能再办理变动。`}
      initialValues={{ date: todayLocal(), reason: undefined, note: '' }}
      onFinish={(v) =>
        close.mutate(v, {
          onSuccess: () => {
            notifySuccess('已注销');
            onClose();
          },
          onError: (e) => showFieldErrors(form, e),
        })
      }
      onClose={onClose}
    >
      <EffectiveDateItem label="注销日期" />
      <Form.Item label="注销原因" name="reason" rules={[{ required: true, message: '请选择注销原因' }]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={closeReasons.map((r) => ({ value: r, label: r }))}
          data-testid="close-reason"
        />
      </Form.Item>
      {noteItem}
    </FormModal>
  );
}

interface SplitValues {
  householdNumber: string;
  date: string;
  remainingHeadPersonId: string | null;
  note: string;
}

type Relation = (typeof memberRelations)[number];

/** 分户: chosen members form a new household (new 户编号) from the date. */
export function SplitHouseholdModal({ household: h, onClose }: ModalProps) {
  const [form] = Form.useForm<SplitValues>();
  const [newId] = useState(() => uuidv7());
  const [chosen, setChosen] = useState<Record<string, Relation | undefined>>({});
  const [choiceError, setChoiceError] = useState<string | null>(null);
  const split = useRegistryWrite((v: SplitValues) =>
    splitHousehold(h.id, {
      newHouseholdId: newId,
      householdNumber: v.householdNumber,
      date: v.date,
      members: Object.entries(chosen).flatMap(([personId, relation]) => (relation ? [{ personId, relation }] : [])),
      ...(v.remainingHeadPersonId ? { remainingHeadPersonId: v.remainingHeadPersonId } : {}),
      note: blankToNull(v.note),
    }),
  );
  const oldHead = h.members.find((m) => m.relation === '户主');
  const headLeaves = oldHead !== undefined && chosen[oldHead.personId] !== undefined;
  const staying = h.members.filter((m) => chosen[m.personId] === undefined);

  const onFinish = (v: SplitValues) => {
    const members = Object.entries(chosen).flatMap(([personId, relation]) =>
      relation ? [{ personId, relation }] : [],
    );
    const check = HouseholdSplitInputSchema.shape.members.safeParse(members);
    if (!check.success) return setChoiceError(check.error.issues[0]?.message ?? '请选择分出的成员');
    setChoiceError(null);
    split.mutate(v, {
      onSuccess: (created) => {
        notifySuccess(`已分户，新户编号 ${created.householdNumber}`);
        onClose();
      },
      onError: (e) => showFieldErrors(form, e),
    });
  };

  return (
    <FormModal<SplitValues>
      form={form}
      title={`分户：户编号 ${h.householdNumber}`}
      okText="确认分户"
      width={720}
      mutation={split}
      intro="勾选分出的成员并指定其在新户中的关系（须有一名户主）；分户日期起他们属于新户，原户保留其余成员。"
      initialValues={{ householdNumber: '', date: todayLocal(), remainingHeadPersonId: null, note: '' }}
      onFinish={onFinish}
      onClose={onClose}
    >
      <Form.Item
        label="新户编号"
        name="householdNumber"
        rules={[zodRule(HouseholdSplitInputSchema.shape.householdNumber)]}
      >
        <Input maxLength={30} style={{ width: 240 }} data-testid="split-number" />
      </Form.Item>
      <EffectiveDateItem label="分户日期" />
      <Form.Item label="分出的成员" required validateStatus={choiceError ? 'error' : ''} help={choiceError}>
        <Table
          size="small"
          pagination={false}
          rowKey="personId"
          dataSource={h.members}
          columns={[
            {
              title: '分出',
              key: 'pick',
              width: 60,
              render: (_, m) => (
                <Checkbox
                  checked={chosen[m.personId] !== undefined}
                  onChange={(e) =>
                    setChosen((c) => ({
                      ...c,
                      [m.personId]: e.target.checked ? (m.relation === '户主' ? '户主' : '其他') : undefined,
                    }))
                  }
                />
              ),
            },
            { title: '姓名', dataIndex: 'name' },
            { title: '原关系', dataIndex: 'relation' },
            {
              title: '在新户中的关系',
              key: 'relation',
              render: (_, m) => (
                <Select<Relation>
                  size="small"
                  style={{ width: 120 }}
                  disabled={chosen[m.personId] === undefined}
                  value={chosen[m.personId] ?? null}
                  onChange={(r) => setChosen((c) => ({ ...c, [m.personId]: r }))}
                  options={memberRelations.map((r) => ({ value: r, label: r }))}
                />
              ),
            },
          ]}
        />
      </Form.Item>
      {headLeaves && staying.length > 0 && (
        <Form.Item
          label="原户新户主"
          name="remainingHeadPersonId"
          rules={[{ required: true, message: '户主分出时，请指定原户的新户主' }]}
        >
          <Select options={staying.map((m) => ({ value: m.personId, label: `${m.name}（${m.relation}）` }))} />
        </Form.Item>
      )}
      {noteItem}
    </FormModal>
  );
}
