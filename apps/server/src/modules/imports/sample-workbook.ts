import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { BulkHousehold } from '../registry/registry-load';
import { registryColumns, type ColumnKey } from './registry-columns';

/** Registry workbooks as counties fill them, built with exceljs (tests, the demo, benchmarks). */

export type SheetValues = Partial<Record<ColumnKey, string | number | Date | null>>;

export interface WorkbookShape {
  /** Title rows above the header. */
  titleRows?: string[];
  /** A group header row above the field names (merged over the household and the member columns). */
  twoRowHeader?: boolean;
  /** Columns to write, in this order (default: every column of the template). */
  columns?: readonly ColumnKey[];
  /** Header text per column instead of the template's. */
  headers?: Partial<Record<ColumnKey, string>>;
}

const allKeys = registryColumns.map((c) => c.key);
const labelOf = (k: ColumnKey) => registryColumns.find((c) => c.key === k)!.label;

function layout(sheet: ExcelJS.Worksheet, shape: WorkbookShape): ColumnKey[] {
  const keys = [...(shape.columns ?? allKeys)];
  for (const t of shape.titleRows ?? []) sheet.addRow([t]);
  const headerOf = (k: ColumnKey) => shape.headers?.[k] ?? labelOf(k);
  if (shape.twoRowHeader) {
    const firstMember = keys.indexOf('name');
    const top = keys.map((k, i) => (i < firstMember ? headerOf(k) : i === firstMember ? '家庭成员情况' : null));
    const topRow = sheet.addRow(top);
    const bottom = sheet.addRow(keys.map((k, i) => (i < firstMember ? null : headerOf(k))));
    // Household columns span both rows; the group header spans the member columns.
    for (let i = 0; i < firstMember; i += 1) sheet.mergeCells(topRow.number, i + 1, bottom.number, i + 1);
    sheet.mergeCells(topRow.number, firstMember + 1, topRow.number, keys.length);
  } else sheet.addRow(keys.map(headerOf));
  return keys;
}

/** An .xlsx (in memory) with the rows; ID numbers as text unless a value is a number. */
export async function registryXlsx(rows: SheetValues[], shape: WorkbookShape = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('花名册');
  const keys = layout(sheet, shape);
  const idCol = keys.indexOf('idNumber') + 1;
  if (idCol > 0) sheet.getColumn(idCol).numFmt = '@';
  for (const r of rows) sheet.addRow(keys.map((k) => r[k] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A large .xlsx written with the streaming writer to a file. */
export async function registryXlsxFile(file: string, rows: Iterable<SheetValues>): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const sheet = wb.addWorksheet('花名册');
  sheet.addRow(allKeys.map(labelOf)).commit();
  for (const r of rows) sheet.addRow(allKeys.map((k) => r[k] ?? null)).commit();
  sheet.commit();
  await wb.commit();
}

const csvField = (v: string | number | Date | null | undefined) => {
  const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV text (header + rows); the caller chooses the encoding and BOM. */
export function registryCsv(rows: Iterable<SheetValues>, columns: readonly ColumnKey[] = allKeys): string {
  const lines = [columns.map(labelOf).join(',')];
  for (const r of rows) lines.push(columns.map((k) => csvField(r[k])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function writeRegistryCsvFile(file: string, rows: Iterable<SheetValues>): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, `\uFEFF${allKeys.map(labelOf).join(',')}\r\n`);
    let buf: string[] = [];
    for (const r of rows) {
      buf.push(allKeys.map((k) => csvField(r[k])).join(','));
      if (buf.length >= 5000) {
        fs.writeSync(fd, `${buf.join('\r\n')}\r\n`);
        buf = [];
      }
    }
    if (buf.length > 0) fs.writeSync(fd, `${buf.join('\r\n')}\r\n`);
  } finally {
    fs.closeSync(fd);
  }
}

export interface PlaceNames {
  siteName(id: string): string;
  townshipName(code: string): string;
  /** "乡镇名村名" as counties write it. */
  villageText(code: string): string;
  townshipOfSite(id: string): string;
  townshipOfVillage(code: string): string;
}

/** The workbook rows of a household (as the generator makes them): household columns on the head's row only. */
export function rowsOfHousehold(
  h: BulkHousehold,
  names: PlaceNames,
  opts: { repeatHousehold?: boolean } = {},
): SheetValues[] {
  const current = h.members.filter((m) => m.validTo === null);
  const ordered = [...current].sort((a, b) => (a.relation === '户主' ? -1 : b.relation === '户主' ? 1 : 0));
  const householdCells: SheetValues = {
    householdNumber: h.householdNumber,
    township: h.siteId
      ? names.townshipName(names.townshipOfSite(h.siteId))
      : names.townshipName(names.townshipOfVillage(h.destinationVillageCode!)),
    site: h.siteId ? names.siteName(h.siteId) : null,
    placement: h.placement,
    address: h.siteId ? `${h.building ?? ''}${h.unit ?? ''}${h.room ?? ''}` || null : null,
    destinationVillage: h.destinationVillageCode ? names.villageText(h.destinationVillageCode) : null,
    originVillage: names.villageText(h.originVillageCode),
    relocationYear: h.relocationYear,
    category: h.category,
    housingType: h.housingType,
    floorArea: h.floorArea,
    propertyCertificateNo: h.propertyCertificateNo,
    certificateDate: h.certificateDate,
    oldHouseStatus: h.oldHouseStatus,
  };
  return ordered.map((m, i) => {
    const p = m.person;
    return {
      ...(i === 0 || opts.repeatHousehold ? householdCells : {}),
      name: p.name,
      idNumber: p.idNumber,
      relation: m.relation,
      ethnicity: p.ethnicity,
      politicalStatus: p.politicalStatus,
      education: p.education,
      studentStatus: p.studentStatus,
      health: p.health,
      disabilityGrade: p.disabilityGrade,
      labourCapacity: p.labourCapacity,
      employmentStatus: p.employment?.status ?? null,
      employmentPlace: p.employment?.place ?? null,
      monthlyIncome: p.employment?.monthlyIncome ?? null,
      medicalInsurance: p.medicalInsurance ? '是' : '否',
      pensionInsurance: p.pensionInsurance ? '是' : '否',
      dibao: p.dibao ? '是' : '否',
      tekun: p.tekun ? '是' : '否',
      phone: p.phone,
    };
  });
}
