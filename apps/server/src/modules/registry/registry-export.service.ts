import { PassThrough } from 'node:stream';
import type { HouseholdExportQuery, PersonExportQuery } from '@anzhi/contracts/registry-views';
import { maskIdNumber } from '@anzhi/domain/id-number';
import { localDate } from '@anzhi/domain/periods';
import type { Permission } from '@anzhi/contracts/permissions';
import { writeAuditEvent, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors/app-error';
import type { LedgerDownload } from '../../platform/excel/excel.service';
import type { LedgerRow, LedgerSpec } from '../../platform/excel/ledger-spec';
import { writeLedger } from '../../platform/excel/ledger-writer';
import { getDivision } from '../org/divisions.service';
import { findSiteRef } from './households.repository';
import { todayOf } from './persons.service';
import { ageAt, maskedPhone } from './registry.presenter';
import {
  countHouseholdRows,
  countPersonRows,
  householdRows,
  personRows,
  type HouseholdListRow,
  type PersonListRow,
} from './registry-lists.repository';
import { householdFilter, personFilter, scopeOf } from './registry-lists.service';
import { householdExportColumns, personExportColumns } from './registry-export.spec';
import type { FieldCipher } from '../../platform/crypto/cipher';

/*
 * Item 6: any household or person list as a workbook in the common ledger layout, streamed. Numbers are masked
 * unless the user holds person.reveal and asks (`reveal=1` with a reason); every export is audited before the
 * first byte leaves — with the filters, the row count and, for full numbers, the reason (never the numbers).
 */

/** Rows are read from the database in pages of this size while the workbook streams. */
const chunk = 500;

interface Numbers {
  document(enc: { idNumberEnc: string | null; otherDocumentNoEnc: string | null }): string | null;
  phone(enc: string | null): string | null;
}

function numbersFor(cipher: FieldCipher, reveal: boolean): Numbers {
  const clear = (enc: string | null) => (enc ? cipher.decrypt(enc) : null);
  return reveal
    ? { document: (p) => clear(p.idNumberEnc ?? p.otherDocumentNoEnc), phone: clear }
    : {
        document: (p) => {
          const n = clear(p.idNumberEnc ?? p.otherDocumentNoEnc);
          return n === null ? null : maskIdNumber(n);
        },
        phone: (enc) => maskedPhone(enc, cipher),
      };
}

/** Full numbers need person.reveal, and then only the rows in its scope are exported. */
function exportScope(auth: AuthState, reveal: boolean): Permission[] {
  if (!reveal) return ['household.export'];
  if (!auth.permissions.includes('person.reveal'))
    throw new AppError('FORBIDDEN', '您没有查看完整号码的权限，只能导出脱敏名单');
  return ['household.export', 'person.reveal'];
}

/** 填报单位: the site or township filtered on, else the county. */
async function unitName(deps: Deps, q: { siteId?: string | undefined; townshipCode?: string | undefined }) {
  if (q.siteId) {
    const site = await findSiteRef(deps.db, q.siteId);
    if (site) {
      const township = await getDivision(deps.db, site.townshipCode);
      return `${township?.name ?? ''}${site.name}`;
    }
  }
  if (q.townshipCode) {
    const township = await getDivision(deps.db, q.townshipCode);
    if (township) return township.name;
  }
  return countyName(deps);
}

async function countyName(deps: Deps): Promise<string> {
  return (await getDivision(deps.db, deps.config.countyCode.padEnd(12, '0')))?.name ?? '本县';
}

/** The filters as given (for the audit record), without paging and the reason. */
function filtersOf(q: Record<string, unknown>): Record<string, unknown> {
  const { reveal: _r, reason: _s, page: _p, pageSize: _z, ...rest } = q;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}

async function audit(
  deps: Deps,
  actor: ActorContext,
  list: 'households' | 'persons',
  q: { reveal: boolean; reason?: string | undefined } & Record<string, unknown>,
  rows: number,
) {
  await writeAuditEvent(deps.db, deps.clock, actor, `${list === 'households' ? 'household' : 'person'}.export`, [
    {
      type: 'export',
      id: list,
      before: null,
      after: {
        rows,
        filters: filtersOf(q),
        idNumbers: q.reveal ? 'full' : 'masked',
        ...(q.reveal ? { reason: q.reason } : {}),
      },
    },
  ]);
}

/** Streams the workbook; a failure (or a client gone) ends the response, and is logged without the data. */
function stream(deps: Deps, spec: LedgerSpec, sheet: string, rows: AsyncIterable<LedgerRow>, names: [string, string]) {
  const out = new PassThrough();
  void writeLedger(out, spec, [{ name: sheet, rows }]).catch((err: unknown) => {
    deps.log.warn({ err }, '名单导出未能写完');
  });
  return { filename: names[0], asciiFilename: names[1], stream: out } satisfies LedgerDownload;
}

async function* pages<T>(fetch: (limit: number, offset: number) => Promise<T[]>): AsyncGenerator<T> {
  for (let offset = 0; ; offset += chunk) {
    const rows = await fetch(chunk, offset);
    yield* rows;
    if (rows.length < chunk) return;
  }
}

function householdLedgerRow(r: HouseholdListRow, n: Numbers): LedgerRow {
  const address =
    r.placement === '集中安置'
      ? `${r.siteName ?? ''}${[r.building, r.unit, r.room].filter(Boolean).join(' ')}`
      : (r.destinationVillageName ?? '');
  return {
    township: r.townshipName,
    place: r.siteName ?? r.destinationVillageName,
    householdNumber: r.householdNumber,
    headName: r.headName,
    idNumber: n.document({ idNumberEnc: r.headIdNumberEnc, otherDocumentNoEnc: r.headOtherDocumentEnc }),
    members: r.memberCount,
    category: r.category,
    placement: r.placement,
    housingType: r.housingType,
    address,
    relocationYear: r.relocationYear,
    labourers: r.labourers,
    employed: r.employed,
    monitoringStatus: r.monitoringStatus,
    phone: n.phone(r.phoneEnc),
    status: r.status === 'closed' ? '已注销' : '正常',
  };
}

function personLedgerRow(r: PersonListRow, n: Numbers, today: string): LedgerRow {
  return {
    township: r.townshipName,
    place: r.siteName ?? r.destinationVillageName,
    householdNumber: r.householdNumber,
    name: r.name,
    relation: r.relation,
    sex: r.sex,
    age: ageAt(r.birthDate, today),
    documentType: r.documentType,
    documentNumber: n.document(r),
    health: r.disabilityGrade ? `${r.health}（${r.disabilityGrade}）` : r.health,
    labourCapacity: r.labourCapacity,
    studentStatus: r.studentStatus,
    employmentStatus: r.employmentStatus,
    employer: r.employer,
    employmentPlace: r.employmentPlace,
    monthlyIncome: r.monthlyIncome,
    phone: n.phone(r.phoneEnc),
  };
}

export async function exportHouseholds(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  q: HouseholdExportQuery,
): Promise<LedgerDownload> {
  const today = todayOf(deps);
  const filter = householdFilter(deps, scopeOf(auth, exportScope(auth, q.reveal)), q);
  const total = await countHouseholdRows(deps.db, filter, today);
  const county = await countyName(deps);
  const spec: LedgerSpec = {
    title: `${county}易地扶贫搬迁搬迁户名单`,
    unit: await unitName(deps, q),
    period: `截至${today}`,
    reportDate: today,
    columns: householdExportColumns,
  };
  await audit(deps, actor, 'households', q, total);
  const n = numbersFor(deps.cipher, q.reveal);
  const rows = pages((limit, offset) =>
    householdRows(deps.db, filter, today, { sort: q.sort, order: q.order, limit, offset }),
  );
  async function* ledgerRows() {
    for await (const r of rows) yield householdLedgerRow(r, n);
  }
  return stream(deps, spec, '搬迁户名单', ledgerRows(), [
    `${county}搬迁户名单-${localDate(deps.clock.now())}${q.reveal ? '（含完整号码）' : ''}.xlsx`,
    'households.xlsx',
  ]);
}

export async function exportPersons(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  q: PersonExportQuery,
): Promise<LedgerDownload> {
  const today = todayOf(deps);
  const filter = personFilter(deps, scopeOf(auth, exportScope(auth, q.reveal)), q);
  const total = await countPersonRows(deps.db, filter, today);
  const county = await countyName(deps);
  const spec: LedgerSpec = {
    title: `${county}易地扶贫搬迁人员名单`,
    unit: await unitName(deps, q),
    period: `截至${today}`,
    reportDate: today,
    columns: personExportColumns,
  };
  await audit(deps, actor, 'persons', q, total);
  const n = numbersFor(deps.cipher, q.reveal);
  const rows = pages((limit, offset) => personRows(deps.db, filter, today, limit, offset));
  async function* ledgerRows() {
    for await (const r of rows) yield personLedgerRow(r, n, today);
  }
  return stream(deps, spec, '人员名单', ledgerRows(), [
    `${county}搬迁人员名单-${localDate(deps.clock.now())}${q.reveal ? '（含完整号码）' : ''}.xlsx`,
    'persons.xlsx',
  ]);
}
