import ExcelJS from 'exceljs';
import { eq, inArray } from 'drizzle-orm';
import type { CadreImportResult } from '@anzhi/contracts/org';
import { roleLabels, roleScopeKind, roles, type Role } from '@anzhi/contracts/permissions';
import { checkMobilePhone } from '@anzhi/domain/id-number';
import { uuidv7 } from '@anzhi/domain/ids';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import { hashPassword, passwordPolicyViolation } from '../../platform/auth/password';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors/app-error';
import { resolveDivisionName } from '../org/divisions.service';
import { sites } from '../org/org.table';
import { resolveUnitName } from '../org/units.service';
import { roleAssignments, users } from './users.table';

const maxRows = 5000;

/** Header names as counties write them → field. */
const headerSynonyms: Record<string, string[]> = {
  name: ['姓名', '干部姓名'],
  username: ['用户名', '登录名', '账号'],
  phone: ['手机号', '手机号码', '联系电话', '电话'],
  role: ['角色', '岗位', '身份'],
  township: ['乡镇', '所属乡镇', '乡（镇）', '乡(镇)'],
  village: ['村（社区）', '村(社区)', '村', '迁出村', '社区'],
  site: ['安置点', '所在安置点', '联系安置点'],
  unit: ['单位', '所属单位', '工作单位'],
};

/** Role names a clerk would type → role. */
const roleNames = new Map<string, Role>([
  ...roles.map((r) => [roleLabels[r], r] as [string, Role]),
  ['县乡村振兴局', 'county_lead'],
  ['县级牵头单位', 'county_lead'],
  ['县直部门', 'department'],
  ['部门用户', 'department'],
  ['乡镇', 'township'],
  ['乡镇干部', 'township'],
  ['城市社区', 'urban_community'],
  ['驻村工作队', 'help_cadre'],
  ['结对帮扶干部', 'help_cadre'],
  ['村干部', 'origin_cadre'],
  ['管理员', 'site_manager'],
]);

export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\u3000/g, ' ').trim();
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
    if ('result' in value) return cellText(value.result);
  }
  return '';
}

interface ParsedRow {
  row: number;
  name: string;
  username: string;
  phone: string | null;
  role: Role;
  divisionCode: string | null;
  siteId: string | null;
  unitId: string | null;
}

/**
 * Imports cadre accounts from a workbook: title rows above the header are skipped, every row is checked,
 * and a file with any error row writes nothing (errors listed in Chinese with row and column).
 */
export async function importCadres(
  deps: Deps,
  actor: ActorContext,
  file: Buffer,
  initialPassword: string,
): Promise<CadreImportResult> {
  const policy = passwordPolicyViolation(initialPassword);
  if (policy) throw new AppError('PASSWORD_POLICY', `初始密码不符合要求：${policy}`);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ExcelJS.Buffer);
  } catch {
    throw new AppError('VALIDATION_FAILED', '无法读取文件：请上传 Excel（.xlsx）格式的干部名单');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('VALIDATION_FAILED', '工作簿中没有工作表');

  // Find the header row among the first 10 rows: the one naming 姓名.
  let headerRow = 0;
  const columns = new Map<string, number>();
  for (let r = 1; r <= Math.min(10, ws.rowCount); r++) {
    const texts = (ws.getRow(r).values as ExcelJS.CellValue[]).map((v) => cellText(v).replace(/\s+/g, ''));
    if (texts.some((t) => headerSynonyms.name!.includes(t))) {
      headerRow = r;
      texts.forEach((t, col) => {
        for (const [field, names] of Object.entries(headerSynonyms))
          if (names.includes(t) && !columns.has(field)) columns.set(field, col);
      });
      break;
    }
  }
  if (!headerRow) throw new AppError('VALIDATION_FAILED', '找不到表头：前 10 行中应有“姓名”“用户名”“角色”等列');
  const missing = ['name', 'username', 'role'].filter((f) => !columns.has(f)).map((f) => headerSynonyms[f]![0]);
  if (missing.length) throw new AppError('VALIDATION_FAILED', `缺少必填列：${missing.join('、')}`);
  if (ws.rowCount - headerRow > maxRows) throw new AppError('VALIDATION_FAILED', `一次最多导入 ${maxRows} 行`);

  const errors: CadreImportResult['errors'] = [];
  const parsed: ParsedRow[] = [];
  const seen = new Map<string, number>();
  const get = (row: ExcelJS.Row, field: string) => {
    const col = columns.get(field);
    return col ? cellText(row.getCell(col).value) : '';
  };
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const name = get(row, 'name');
    const username = get(row, 'username');
    const roleText = get(row, 'role').replace(/\s+/g, '');
    if (!name && !username && !roleText) continue; // blank line
    const err = (column: string, message: string) => errors.push({ row: r, column, message });
    const before = errors.length;
    if (!name) err('姓名', '姓名不能为空');
    if (!/^[A-Za-z0-9_.-]{3,64}$/.test(username)) err('用户名', '用户名为 3–64 位字母、数字、下划线、点或连字符');
    else if (seen.has(username)) err('用户名', `与第 ${seen.get(username)} 行的用户名重复`);
    else seen.set(username, r);
    let phone: string | null = null;
    const phoneText = get(row, 'phone');
    if (phoneText) {
      const p = checkMobilePhone(phoneText);
      if (p.ok) phone = p.value;
      else err('手机号', p.reason);
    }
    const role = roleNames.get(roleText);
    if (!role) {
      err('角色', roleText ? `无法识别的角色“${roleText}”` : '角色不能为空');
      continue;
    }
    if (role === 'system_admin') {
      err('角色', '系统管理员不能批量导入');
      continue;
    }
    const scope = { divisionCode: null as string | null, siteId: null as string | null, unitId: null as string | null };
    const kind = roleScopeKind[role];
    const townshipText = get(row, 'township');
    const township = townshipText ? await resolveDivisionName(deps.db, townshipText, 'township') : undefined;
    if (townshipText && !township) err('乡镇', `本县没有乡镇“${townshipText}”`);
    if (kind === 'township') {
      if (!townshipText) err('乡镇', '乡镇用户须填写所属乡镇');
      scope.divisionCode = township?.code ?? null;
    } else if (kind === 'village') {
      const villageText = get(row, 'village');
      if (!villageText) err('村（社区）', '迁出地村干部须填写迁出村');
      else {
        const v = await resolveDivisionName(deps.db, villageText, 'village', township?.code);
        if (!v)
          err(
            '村（社区）',
            township ? `${township.name}没有“${villageText}”` : `找不到村（社区）“${villageText}”，请同时填写乡镇`,
          );
        scope.divisionCode = v?.code ?? null;
      }
    } else if (kind === 'site') {
      const siteText = get(row, 'site');
      if (!siteText) err('安置点', `${roleLabels[role]}须填写安置点`);
      else {
        const found = await deps.db
          .select({ id: sites.id, townshipCode: sites.townshipCode })
          .from(sites)
          .where(eq(sites.name, siteText));
        const match = township ? found.filter((s) => s.townshipCode === township.code) : found;
        if (match.length === 1) scope.siteId = match[0]!.id;
        else
          err(
            '安置点',
            match.length === 0 ? `找不到安置点“${siteText}”` : `有多个名为“${siteText}”的安置点，请填写乡镇`,
          );
      }
    } else if (kind === 'unit') {
      const unitText = get(row, 'unit');
      const unit = unitText ? await resolveUnitName(deps.db, unitText) : undefined;
      if (!unit) err('单位', unitText ? `找不到单位“${unitText}”` : '县直部门用户须填写单位');
      scope.unitId = unit?.id ?? null;
    }
    if (errors.length === before) parsed.push({ row: r, name, username, phone, role, ...scope });
  }
  if (parsed.length + errors.length === 0) throw new AppError('VALIDATION_FAILED', '文件中没有数据行');
  const taken = parsed.length
    ? await deps.db
        .select({ username: users.username })
        .from(users)
        .where(
          inArray(
            users.username,
            parsed.map((p) => p.username),
          ),
        )
    : [];
  for (const t of taken)
    errors.push({ row: seen.get(t.username)!, column: '用户名', message: `用户名“${t.username}”已被使用` });
  if (errors.length > 0) {
    errors.sort((a, b) => a.row - b.row);
    return { ok: false, created: 0, errors };
  }

  const passwordHash = await hashPassword(initialPassword);
  await auditedTransaction(deps.db, deps.clock, actor, 'user.import', async (tx, audit) => {
    const now = deps.clock.now();
    for (const p of parsed) {
      const id = uuidv7();
      await tx.insert(users).values({
        id,
        username: p.username,
        displayName: p.name,
        passwordHash,
        mustChangePassword: true,
        phoneEnc: p.phone ? deps.cipher.encrypt(p.phone) : null,
        phoneBidx: p.phone ? deps.cipher.blindIndex(p.phone) : null,
        createdAt: now,
        updatedAt: now,
      });
      await tx.insert(roleAssignments).values({
        id: uuidv7(),
        userId: id,
        role: p.role,
        divisionCode: p.divisionCode,
        siteId: p.siteId,
        unitId: p.unitId,
        createdAt: now,
      });
      audit.entity('user', id, null, {
        username: p.username,
        displayName: p.name,
        role: p.role,
        phone: p.phone,
        sourceRow: p.row,
      });
    }
  });
  return { ok: true, created: parsed.length, errors: [] };
}
