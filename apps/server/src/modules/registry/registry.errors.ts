import { AppError } from '../../platform/errors/app-error';

/**
 * The database's unique indexes are the last line behind the service's checks (two clerks saving at the same
 * moment). Their violations become 409s in Chinese; the messages name no other household or person.
 */
const messages: Record<string, string> = {
  persons_id_number_uq: '该身份证号码刚刚已被登记，请刷新后重试',
  households_number_uq: '户编号已被使用',
  household_members_open_person_uq: '该人员已是其他户的成员，同一时间只能属于一户',
  household_members_open_head_uq: '该户已有户主',
  person_employment_open_uq: '该人员已有当前的就业信息',
  household_placement_open_uq: '该户的安置信息刚刚已被他人变更，请刷新后重试',
  person_health_open_uq: '该人员的健康状况刚刚已被他人变更，请刷新后重试',
  person_labour_open_uq: '该人员的劳动技能刚刚已被他人变更，请刷新后重试',
};

interface PgLikeError {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** The name of the unique index a PostgreSQL/PGlite error (possibly wrapped by Drizzle) violated, if any. */
export function uniqueViolationOf(err: unknown): string | null {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && typeof e === 'object' && e !== null; depth += 1) {
    const pe = e as PgLikeError;
    if (pe.code === '23505') {
      if (typeof pe.constraint === 'string') return pe.constraint;
      const m = typeof pe.message === 'string' ? /constraint "([^"]+)"/.exec(pe.message) : null;
      return m?.[1] ?? '';
    }
    e = pe.cause;
  }
  return null;
}

export function rethrowUniqueViolation(err: unknown): never {
  const constraint = uniqueViolationOf(err);
  if (constraint === null) throw err;
  throw new AppError('CONFLICT', messages[constraint] ?? '记录已存在（可能是重复提交），请刷新后重试');
}
