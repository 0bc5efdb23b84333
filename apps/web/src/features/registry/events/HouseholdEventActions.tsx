import type { Household } from '@anzhi/contracts/registry';
import { DownOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import type { MenuProps } from 'antd';
import { useState } from 'react';
import { CloseHouseholdModal, MoveHouseholdModal, SplitHouseholdModal } from './HouseholdEventModals';
import { HousingTransactionModal } from './HousingLockSection';
import { PersonEditModal, PersonFactModal, type FactKind } from './PersonEditModal';

type Open =
  | { kind: 'split' | 'move' | 'close' | 'housing' }
  | { kind: 'person'; personId: string }
  | { kind: FactKind; personId: string };

const memberMenus: { key: 'person' | FactKind; label: string }[] = [
  { key: 'person', label: '修改人员信息' },
  { key: 'health', label: '健康状况变更' },
  { key: 'labour', label: '劳动技能变更' },
  { key: 'employment', label: '务工就业变更' },
];

/**
 * 办理变动: household events (分户, 迁移, 注销), the record of a sale or sublet (§23) and member edits with an
 * effective date. Shown only when the server says the viewer may change the household and it is not closed.
 */
export function HouseholdEventActions({ household: h }: { household: Household }) {
  const [open, setOpen] = useState<Open | null>(null);
  if (!h.abilities.manageMembers || h.status === 'closed') return null;
  const items: MenuProps['items'] = [
    { key: 'split', label: '分户', disabled: h.members.length < 2 },
    { key: 'move', label: '迁移' },
    { key: 'housing', label: '登记转让/出租/转借' },
    { type: 'divider' },
    ...memberMenus.map((m) => ({
      key: m.key,
      label: m.label,
      children: h.members.map((p) => ({ key: `${m.key}:${p.personId}`, label: `${p.name}（${p.relation}）` })),
    })),
    { type: 'divider' },
    { key: 'close', label: '注销', danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    const [kind, personId] = key.split(':') as [Open['kind'], string | undefined];
    if (personId) setOpen({ kind: kind as 'person' | FactKind, personId });
    else setOpen({ kind: kind as 'split' | 'move' | 'close' | 'housing' });
  };
  const close = () => setOpen(null);
  const member = open && 'personId' in open ? h.members.find((m) => m.personId === open.personId) : undefined;
  return (
    <>
      <Dropdown menu={{ items, onClick }} trigger={['click']}>
        <Button type="primary" data-testid="household-events">
          办理变动 <DownOutlined />
        </Button>
      </Dropdown>
      {open?.kind === 'split' && <SplitHouseholdModal household={h} onClose={close} />}
      {open?.kind === 'move' && <MoveHouseholdModal household={h} onClose={close} />}
      {open?.kind === 'close' && <CloseHouseholdModal household={h} onClose={close} />}
      {open?.kind === 'housing' && <HousingTransactionModal household={h} onClose={close} />}
      {open?.kind === 'person' && <PersonEditModal personId={open.personId} onClose={close} />}
      {member && open && open.kind !== 'person' && 'personId' in open && (
        <PersonFactModal member={member} kind={open.kind} onClose={close} />
      )}
    </>
  );
}
