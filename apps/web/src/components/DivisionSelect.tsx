import type { Division } from '@anzhi/contracts/org';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import type { CSSProperties } from 'react';
import { useState } from 'react';
import { divisionKeys, fetchDivisions } from '../features/divisions/api';

/**
 * What may be picked: `township` — a flat list of the county's townships; `village` — townships
 * open to their villages (村（社区）), only villages can be picked; `any` — either.
 */
export type DivisionSelectable = 'township' | 'village' | 'any';

export interface DivisionSelectProps {
  value?: string | null;
  onChange?: (code: string | null, division: Division | null) => void;
  selectable?: DivisionSelectable;
  /** Offer only this township's villages (a flat list); implies `selectable="village"`. */
  townshipCode?: string | null;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: CSSProperties;
  'data-testid'?: string;
}

interface DivisionNode {
  value: string;
  title: string;
  isLeaf: boolean;
  selectable: boolean;
  children?: DivisionNode[];
}

const staleTime = 10 * 60_000; // divisions change rarely

/**
 * Picks a 乡镇 or 村（社区） of the county from `GET /api/v1/divisions`, loading each township's
 * villages only when it is opened. Works as an antd Form control (`value` / `onChange`).
 */
export function DivisionSelect({
  value,
  onChange,
  selectable = 'township',
  townshipCode,
  placeholder,
  allowClear = true,
  disabled,
  style,
  'data-testid': testId,
}: DivisionSelectProps) {
  const queryClient = useQueryClient();
  const flatVillages = townshipCode !== undefined && townshipCode !== null && townshipCode !== '';
  const tree = !flatVillages && selectable !== 'township';
  const rootQuery = flatVillages ? { parentCode: townshipCode } : { level: 'township' as const };
  const root = useQuery({
    queryKey: divisionKeys.list(rootQuery),
    queryFn: ({ signal }) => fetchDivisions(rootQuery, signal),
    staleTime,
  });

  // Townships the user opened (their villages are loaded on demand).
  const [opened, setOpened] = useState<readonly string[]>([]);

  const rootItems = root.data;
  const valueMissing =
    value !== undefined && value !== null && value !== '' && rootItems?.some((d) => d.code === value) !== true;
  // A value not among the roots (a village chosen earlier): look it up, then load its township too.
  const lookup = useQuery({
    queryKey: divisionKeys.list({ q: value ?? '' }),
    queryFn: ({ signal }) => fetchDivisions({ q: value ?? '' }, signal),
    enabled: valueMissing && rootItems !== undefined,
    staleTime,
  });
  const valueDivision = lookup.data?.find((d) => d.code === value);

  const parentOfValue = tree && valueDivision?.level === 'village' ? valueDivision.parentCode : null;
  const toLoad = parentOfValue === null || opened.includes(parentOfValue) ? opened : [...opened, parentOfValue];

  const children = useQueries({
    queries: toLoad.map((parentCode) => ({
      queryKey: divisionKeys.list({ parentCode }),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchDivisions({ parentCode }, signal),
      staleTime,
    })),
  });

  // Small lists (a county has about a dozen townships of ten to twenty villages): rebuilt each render.
  const byCode = new Map<string, Division>();
  const byParent = new Map<string, Division[]>();
  for (const d of rootItems ?? []) byCode.set(d.code, d);
  toLoad.forEach((parentCode, i) => {
    const loaded = children[i]?.data;
    if (loaded === undefined) return;
    byParent.set(parentCode, loaded);
    for (const d of loaded) byCode.set(d.code, d);
  });
  const leaf = (d: Division): DivisionNode => ({ value: d.code, title: d.name, isLeaf: true, selectable: true });
  const treeData = (rootItems ?? []).map((d): DivisionNode => {
    if (!tree) return leaf(d);
    const kids = byParent.get(d.code);
    return {
      value: d.code,
      title: d.name,
      isLeaf: false,
      selectable: selectable === 'any',
      ...(kids === undefined ? {} : { children: kids.map(leaf) }),
    };
  });

  const loadData = async (node: { value?: unknown }) => {
    const code = typeof node.value === 'string' ? node.value : null;
    if (code === null) return;
    await queryClient.fetchQuery({
      queryKey: divisionKeys.list({ parentCode: code }),
      queryFn: ({ signal }) => fetchDivisions({ parentCode: code }, signal),
      staleTime,
    });
    setOpened((prev) => (prev.includes(code) ? prev : [...prev, code]));
  };

  return (
    <TreeSelect<string | null, DivisionNode>
      value={value === '' ? null : (value ?? null)}
      onChange={(next) => {
        const code = typeof next === 'string' && next !== '' ? next : null;
        onChange?.(code, code === null ? null : (byCode.get(code) ?? null));
      }}
      treeData={treeData}
      {...(tree ? { loadData, treeExpandAction: 'click' as const } : {})}
      showSearch={{ treeNodeFilterProp: 'title' }}
      loading={root.isPending}
      notFoundContent={root.isError ? '行政区划加载失败' : '暂无数据'}
      placeholder={placeholder ?? (selectable === 'township' && !flatVillages ? '请选择乡镇' : '请选择村（社区）')}
      allowClear={allowClear}
      disabled={disabled}
      popupMatchSelectWidth={false}
      style={{ minWidth: 180, ...style }}
      data-testid={testId}
    />
  );
}
