import type { FieldError } from '@anzhi/contracts/errors';
import type {
  EmploymentInput,
  HouseholdCategory,
  LandInput,
  MonitoringStatus,
  PersonInput,
} from '@anzhi/contracts/registry';
import { checkIdNumber, checkMobilePhone, normalizeIdNumber, type IdNumberCheck } from '@anzhi/domain/id-number';
import { uuidv7 } from '@anzhi/domain/ids';
import type { FieldCipher } from '../../platform/crypto/cipher';
import { AppError } from '../../platform/errors/app-error';
import type { NewEmployment, NewLand, NewPerson } from './households.repository';

/** Validation that needs the clock or the code (ID numbers, phones, dates, cross-field rules); the shape is zod's. */

export function validationFailed(errors: FieldError[]): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    `输入有误：${errors.map((e) => `${e.path} ${e.message}`).join('；')}`,
    errors,
  );
}

/** A Chinese message that names the field: '身份证号码校验码错误', '身份证号码出生日期无效' … */
export function idNumberMessage(check: Extract<IdNumberCheck, { ok: false }>): string {
  return check.reason.includes('身份证') ? check.reason : `身份证号码${check.reason}`;
}

/** An optional phone: the normalised value, or an error recorded against `path`. */
export function checkPhone(raw: string | null | undefined, path: string, errors: FieldError[]): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const c = checkMobilePhone(raw);
  if (!c.ok) {
    errors.push({ path, message: c.reason });
    return null;
  }
  return c.value;
}

export function checkNotAfter(
  date: string | null | undefined,
  today: string,
  path: string,
  label: string,
  errors: FieldError[],
) {
  if (date && date > today) errors.push({ path, message: `${label}不能晚于今天（${today}）` });
}

/** §4 compatibility: a 同步搬迁户 is never 脱贫不稳定户; a 搬迁脱贫户 is never 边缘易致贫户. */
export function checkMonitoring(category: HouseholdCategory, status: MonitoringStatus, errors: FieldError[]) {
  if (category === '同步搬迁户' && status === '脱贫不稳定户')
    errors.push({ path: 'monitoringStatus', message: '同步搬迁户不属于脱贫户，不能标注为脱贫不稳定户' });
  if (category === '搬迁脱贫户' && status === '边缘易致贫户')
    errors.push({ path: 'monitoringStatus', message: '搬迁脱贫户不能标注为边缘易致贫户（应为脱贫不稳定户）' });
}

export interface PreparedPerson {
  /** Where the person sits in the request ('members.0.person'), for error paths. */
  path: string;
  id: string;
  values: NewPerson;
  /** The normalised clear number, kept only in memory for conflict messages and masked audit images. */
  idNumber: string | null;
  idNumberBidx: string | null;
  phone: string | null;
  employment: EmploymentInput | undefined;
}

/**
 * Validates a person as entered and builds the stored row: a 居民身份证 number is checked (GB 11643, with the
 * clock's today) and gives birth date and sex; numbers are encrypted and blind-indexed. Errors are appended.
 */
export function preparePerson(
  cipher: FieldCipher,
  countyCode: string,
  input: PersonInput,
  path: string,
  today: string,
  errors: FieldError[],
): PreparedPerson {
  let birthDate = input.birthDate ?? '';
  let sex: string = input.sex ?? '';
  let idNumber: string | null = null;
  let idNumberBidx: string | null = null;
  let otherDocumentNo: string | null = null;
  if (input.documentType === '居民身份证') {
    const check = checkIdNumber(input.idNumber ?? '', today);
    if (!check.ok) {
      errors.push({ path: `${path}.idNumber`, message: idNumberMessage(check) });
    } else {
      idNumber = check.value;
      idNumberBidx = cipher.blindIndex(check.value);
      const derivedSex = check.sex === 'male' ? '男' : '女';
      if (input.birthDate && input.birthDate !== check.birthDate)
        errors.push({
          path: `${path}.birthDate`,
          message: `出生日期与身份证号码不一致（号码中为 ${check.birthDate}）`,
        });
      if (input.sex && input.sex !== derivedSex)
        errors.push({ path: `${path}.sex`, message: `性别与身份证号码不一致（号码中为${derivedSex}）` });
      birthDate = check.birthDate;
      sex = derivedSex;
    }
  } else {
    otherDocumentNo = normalizeIdNumber(input.otherDocumentNo ?? '');
    if (input.idNumber !== undefined && input.idNumber !== '')
      errors.push({ path: `${path}.idNumber`, message: '证件类型不是居民身份证时，请把号码填在“证件号码”中' });
    checkNotAfter(birthDate, today, `${path}.birthDate`, '出生日期', errors);
  }
  const phone = checkPhone(input.phone, `${path}.phone`, errors);
  if (input.employment)
    checkNotAfter(input.employment.validFrom, today, `${path}.employment.validFrom`, '就业信息起始日期', errors);
  const id = input.id ?? uuidv7();
  return {
    path,
    id,
    idNumber,
    idNumberBidx,
    phone,
    employment: input.employment,
    values: {
      id,
      countyCode,
      name: input.name,
      documentType: input.documentType,
      idNumberEnc: idNumber ? cipher.encrypt(idNumber) : null,
      idNumberBidx,
      otherDocumentNoEnc: otherDocumentNo ? cipher.encrypt(otherDocumentNo) : null,
      birthDate,
      sex,
      ethnicity: input.ethnicity,
      politicalStatus: input.politicalStatus,
      education: input.education ?? null,
      studentStatus: input.studentStatus,
      health: input.health,
      disabilityGrade: input.disabilityGrade ?? null,
      labourCapacity: input.labourCapacity,
      medicalInsurance: input.medicalInsurance,
      pensionInsurance: input.pensionInsurance,
      dibao: input.dibao,
      tekun: input.tekun,
      phoneEnc: phone ? cipher.encrypt(phone) : null,
      phoneBidx: phone ? cipher.blindIndex(phone) : null,
    },
  };
}

/** Two entries of one request with the same ID number. */
export function checkDuplicatesInRequest(prepared: PreparedPerson[], errors: FieldError[]) {
  const seen = new Map<string, string>();
  for (const p of prepared) {
    if (!p.idNumberBidx) continue;
    const first = seen.get(p.idNumberBidx);
    if (first) errors.push({ path: `${p.path}.idNumber`, message: `与 ${first} 的身份证号码重复` });
    else seen.set(p.idNumberBidx, p.path);
  }
}

export function employmentRow(
  countyCode: string,
  personId: string,
  e: EmploymentInput,
  defaultFrom: string,
): NewEmployment {
  return {
    id: uuidv7(),
    countyCode,
    personId,
    status: e.status,
    employer: e.employer ?? null,
    place: e.place ?? null,
    monthlyIncome: e.monthlyIncome ?? null,
    validFrom: e.validFrom ?? defaultFrom,
    validTo: null,
  };
}

export function landRows(countyCode: string, householdId: string, lands: LandInput[]): NewLand[] {
  return lands.map((l) => ({
    id: uuidv7(),
    countyCode,
    householdId,
    kind: l.kind,
    area: l.area,
    transferStatus: l.transferStatus,
    tenant: l.tenant ?? null,
    annualRent: l.annualRent ?? null,
  }));
}

/**
 * The audit image of a person: clear numbers under the keys the audit masks (idNumber, documentNumber, phone);
 * no birth date (with the masked number it would rebuild the number).
 */
export function personImage(p: PreparedPerson): Record<string, unknown> {
  const v = p.values;
  return {
    name: v.name,
    documentType: v.documentType,
    idNumber: p.idNumber,
    sex: v.sex,
    ethnicity: v.ethnicity,
    politicalStatus: v.politicalStatus,
    education: v.education,
    studentStatus: v.studentStatus,
    health: v.health,
    disabilityGrade: v.disabilityGrade,
    labourCapacity: v.labourCapacity,
    medicalInsurance: v.medicalInsurance,
    pensionInsurance: v.pensionInsurance,
    dibao: v.dibao,
    tekun: v.tekun,
    phone: p.phone,
    employment: p.employment?.status ?? null,
  };
}
