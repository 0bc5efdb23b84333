import type { AuditEntity } from '@anzhi/contracts/audit';
import type { TimelineEntry } from '@anzhi/contracts/registry-views';
import { maskIdNumber } from '@anzhi/domain/id-number';
import { formatLocal } from '@anzhi/domain/periods';
import type { TimelineEventRow } from './timeline.repository';

/*
 * A household's audit events told in Chinese: "2022-03-02 14:10 张三（县乡村振兴局） 新增成员 李四（出生，2022-03-01 起）".
 * Only whitelisted fields are shown, each with its label; ID numbers only masked (the audit images are masked
 * already; a clear number that slipped in is masked again here).
 */

type Image = Record<string, unknown>;

const householdFields: Record<string, string> = {
  householdNumber: '户编号',
  category: '户类别',
  relocationYear: '搬迁年度',
  originVillageCode: '迁出村代码',
  placement: '安置方式',
  building: '楼栋',
  unit: '单元',
  room: '房号',
  destinationVillageCode: '安置村代码',
  housingType: '住房类型',
  floorArea: '住房面积（㎡）',
  propertyCertificateNo: '不动产权证号',
  certificateDate: '发证日期',
  handoverDate: '交房日期',
  oldHouseStatus: '旧房处置',
  phone: '联系电话',
  monitoringStatus: '监测状态',
  status: '状态',
  closedReason: '注销原因',
  closedOn: '注销日期',
  lands: '三块地',
};

const personFields: Record<string, string> = {
  name: '姓名',
  documentType: '证件类型',
  idNumber: '身份证号码',
  ethnicity: '民族',
  politicalStatus: '政治面貌',
  education: '文化程度',
  studentStatus: '在校生情况',
  health: '健康状况',
  disabilityGrade: '残疾等级',
  labourCapacity: '劳动技能',
  medicalInsurance: '基本医疗保险',
  pensionInsurance: '养老保险',
  dibao: '低保',
  tekun: '特困供养',
  phone: '联系电话',
  employment: '务工就业',
  relation: '与户主关系',
};

const actionLabels: Record<string, string> = {
  'household.create': '登记搬迁户',
  'household.update': '修改户信息',
  'household.delete': '删除搬迁户（误登记）',
  'household.member.join': '成员入户',
  'household.member.leave': '成员离户',
  'household.split': '分户',
  'household.move': '迁移安置地',
  'household.close': '注销',
  'person.update': '修改人员信息',
  'person.health.change': '健康状况变更',
  'person.labour.change': '劳动技能变更',
  'person.employment.change': '就业情况变更',
  'household.housing_transaction': '登记住房转让、出租',
  'household.rectify': '住房违规整改完成',
  'income.create': '采集年度收入',
  'income.update': '修改年度收入',
  'pairing.create': '结对帮扶',
  'pairing.end': '解除结对帮扶',
  'pairing.handover': '帮扶干部移交结对户',
};

const clearIdNumber = /^\d{17}[\dXx]$/;

function show(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '空';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') return key === 'idNumber' && clearIdNumber.test(value) ? maskIdNumber(value) : value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '无' : value.map((v) => show(key, v)).join('；');
  if (typeof value === 'object') {
    const o = value as Image;
    if (key === 'lands') return `${show('', o.kind)} ${show('', o.area)} 亩（${show('', o.transferStatus)}）`;
    if (key === 'employment') return [o.status, o.employer, o.place].filter((v) => typeof v === 'string').join('，');
    return '已修改';
  }
  return '已修改';
}

/** One line per labelled field whose value differs between the images. */
function diff(before: Image | null, after: Image | null, labels: Record<string, string>): string[] {
  const lines: string[] = [];
  for (const [key, label] of Object.entries(labels)) {
    const b = before?.[key];
    const a = after?.[key];
    if (a === undefined || JSON.stringify(b ?? null) === JSON.stringify(a ?? null)) continue;
    lines.push(before ? `${label}：${show(key, b)} → ${show(key, a)}` : `${label}：${show(key, a)}`);
  }
  return lines;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export interface TimelineContext {
  /** Names of the persons who were ever members (personId → name). */
  names: ReadonlyMap<string, string>;
}

function nameOf(ctx: TimelineContext, e: AuditEntity | undefined, personId: unknown): string {
  const fromImage = str(e?.after?.name) ?? str(e?.before?.name);
  return (typeof personId === 'string' ? ctx.names.get(personId) : undefined) ?? fromImage ?? '某成员';
}

function joinSummary(ctx: TimelineContext, event: TimelineEventRow): { summary: string; details: string[] } {
  const member = event.entities.find((e) => e.type === 'household_member' && e.after);
  const after = member?.after ?? {};
  const person = event.entities.find((e) => e.type === 'person' && e.id === after.personId);
  const name = nameOf(ctx, person, after.personId);
  const details = person ? diff(null, person.after, personFields).filter((l) => !l.startsWith('姓名')) : [];
  return {
    summary: `新增成员 ${name}（${[str(after.relation), str(after.joinReason), str(after.validFrom) && `${String(after.validFrom)} 起`].filter(Boolean).join('，')}）`,
    details,
  };
}

function leaveSummary(ctx: TimelineContext, event: TimelineEventRow): { summary: string; details: string[] } {
  const members = event.entities.filter((e) => e.type === 'household_member');
  const leaving = members.find((e) => e.before && e.after?.validTo);
  const after = leaving?.after ?? {};
  const name = nameOf(ctx, undefined, after.personId);
  const details = members
    .filter((e) => e !== leaving && e.after?.relation === '户主' && !e.before)
    .map((e) => `${nameOf(ctx, undefined, e.after?.personId)} 成为户主（${str(e.after?.validFrom) ?? ''} 起）`);
  if (str(after.note)) details.push(`说明：${String(after.note)}`);
  return {
    summary: `成员 ${name} 离户（${[str(after.leaveReason), str(after.validTo) && `${String(after.validTo)} 起`].filter(Boolean).join('，')}）`,
    details,
  };
}

function createSummary(ctx: TimelineContext, event: TimelineEventRow): { summary: string; details: string[] } {
  const household = event.entities.find((e) => e.type === 'household');
  const persons = event.entities.filter((e) => e.type === 'person');
  return {
    summary: `登记搬迁户 ${str(household?.after?.householdNumber) ?? ''}（${persons.length} 名成员）`,
    details: persons.map((p) => `${str(p.after?.relation) ?? '成员'} ${nameOf(ctx, p, p.id)}`),
  };
}

/** Any other event: its label and the changed fields of the household and of each person. */
function genericSummary(ctx: TimelineContext, event: TimelineEventRow): { summary: string; details: string[] } {
  const details: string[] = [];
  for (const e of event.entities) {
    if (e.type === 'household') details.push(...diff(e.before, e.after, householdFields));
    else if (e.type === 'person') {
      const name = nameOf(ctx, e, e.id);
      details.push(...diff(e.before, e.after, personFields).map((l) => `${name} ${l}`));
    }
  }
  return { summary: actionLabels[event.action] ?? `其他变更（${event.action}）`, details };
}

function placeText(p: unknown): string {
  if (!p || typeof p !== 'object') return '';
  const o = p as Image;
  const where =
    str(o.siteName) ?? str(o.destinationVillageName) ?? str(o.siteId) ?? str(o.destinationVillageCode) ?? '';
  return [str(o.placement), where, [str(o.building), str(o.unit), str(o.room)].filter(Boolean).join('-')]
    .filter(Boolean)
    .join(' ');
}

function moveSummary(_ctx: TimelineContext, event: TimelineEventRow): { summary: string; details: string[] } {
  const h = event.entities.find((e) => e.type === 'household');
  const from = placeText(h?.before?.placement);
  const to = placeText(h?.after?.placement);
  return {
    summary: `迁移安置地（${str(h?.after?.date) ?? ''} 起）`,
    details: [from && `原安置：${from}`, to && `现安置：${to}`].filter((l): l is string => Boolean(l)),
  };
}

function closeSummary(_ctx: TimelineContext, event: TimelineEventRow): { summary: string; details: string[] } {
  const a = event.entities.find((e) => e.type === 'household')?.after ?? {};
  return {
    summary: `注销（${[str(a.closedReason), str(a.closedOn) && `${String(a.closedOn)} 起`].filter(Boolean).join('，')}）`,
    details: str(a.note) ? [`说明：${String(a.note)}`] : [],
  };
}

function splitSummary(ctx: TimelineContext, event: TimelineEventRow): { summary: string; details: string[] } {
  const created = event.entities.find((e) => e.type === 'household' && e.after?.splitFrom);
  const source = event.entities.find((e) => e.type === 'household' && e.after?.split);
  const date = str(created?.after?.date) ?? str(source?.after?.date) ?? '';
  const leaving = Array.isArray(source?.after?.leaving) ? (source.after.leaving as unknown[]) : [];
  return {
    summary: `分户：新户 ${str(created?.after?.householdNumber) ?? ''}（${date} 起）`,
    details: leaving.length > 0 ? [`分出成员：${leaving.map((id) => nameOf(ctx, undefined, id)).join('、')}`] : [],
  };
}

function housingSummary(_ctx: TimelineContext, event: TimelineEventRow): { summary: string; details: string[] } {
  const a = event.entities.find((e) => e.type === 'housing_transaction')?.after ?? {};
  if (event.action === 'household.rectify')
    return { summary: '住房违规整改完成', details: str(a.note) ? [`说明：${String(a.note)}`] : [] };
  return {
    summary: `登记住房${str(a.kind) ?? '转让、出租'}（${str(a.date) ?? ''}）${a.violation ? '，在 20 年禁售期内，违反规定' : ''}`,
    details: [str(a.lockEnd) && `禁售期至 ${String(a.lockEnd)}`].filter((l): l is string => Boolean(l)),
  };
}

function factSummary(ctx: TimelineContext, event: TimelineEventRow): { summary: string; details: string[] } {
  const e = event.entities.find((x) => x.type.startsWith('person_'));
  const a = e?.after ?? {};
  const name = nameOf(ctx, undefined, e?.id);
  const values = Object.entries(a)
    .filter(([k, v]) => k !== 'kind' && k !== 'validFrom' && v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${personFields[k] ?? k}：${show(k, v)}`);
  return {
    summary: `${name} ${actionLabels[event.action] ?? '信息变更'}（${str(a.validFrom) ?? ''} 起）`,
    details: values,
  };
}

const summarisers: Record<string, typeof genericSummary> = {
  'household.move': moveSummary,
  'household.close': closeSummary,
  'household.split': splitSummary,
  'household.housing_transaction': housingSummary,
  'household.rectify': housingSummary,
  'person.health.change': factSummary,
  'person.labour.change': factSummary,
  'person.employment.change': factSummary,
  'household.create': createSummary,
  'household.member.join': joinSummary,
  'household.member.leave': leaveSummary,
};

export function presentTimelineEntry(event: TimelineEventRow, ctx: TimelineContext): TimelineEntry {
  const { summary, details } = (summarisers[event.action] ?? genericSummary)(ctx, event);
  const actor = event.actorName ?? '系统';
  return {
    id: event.id,
    occurredAt: event.occurredAt.toISOString(),
    actorName: event.actorName,
    action: event.action,
    summary,
    details,
    text: `${formatLocal(event.occurredAt)} ${actor} ${summary}`,
  };
}

/** A household loaded in bulk (import, demo) has no event of its own: its registration is the bulk load's. */
export function registeredEntry(createdAt: Date, householdNumber: string): TimelineEntry {
  const summary = `批量登记入册 ${householdNumber}（导入或初始数据）`;
  return {
    id: 'registered',
    occurredAt: createdAt.toISOString(),
    actorName: null,
    action: 'household.bulk_load',
    summary,
    details: [],
    text: `${formatLocal(createdAt)} 系统 ${summary}`,
  };
}
