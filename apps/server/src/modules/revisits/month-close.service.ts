import type { MonthClose } from '@anzhi/contracts/revisits';
import { uuidv7 } from '@anzhi/domain/ids';
import { monthDays } from '@anzhi/domain/revisits';
import { localDate } from '@anzhi/domain/periods';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, forbidden, notFound } from '../../platform/errors/app-error';
import { granting, hasCountyScope, siteScope } from '../org/scope';
import { freezeMonth, thawMonth } from '../snapshots/snapshots.service';
import {
  findMonthClose,
  findMonthCloseById,
  listMonthCloses,
  markReopened,
  townshipsOfSites,
  upsertMonthClose,
} from './revisits.repository';
import { presentMonthClose } from './revisits.presenter';

/*
 * 月度确认 (L7, R06): a township confirms its month (revisits and the monitoring ledger) by the 3rd of the next
 * month. Closing freezes the month: revisits dated in it are refused. The county reopens with a reason (audited);
 * the township then closes it again.
 */

/** Townships the caller acts on with the permission; null: the whole county. */
function townshipsOf(auth: AuthState, permission: 'month.close' | 'revisit.read'): string[] | null {
  if (hasCountyScope(auth.assignments, permission)) return null;
  return granting(auth.assignments, permission)
    .filter((a) => a.kind === 'township' && a.divisionCode)
    .map((a) => a.divisionCode!);
}

async function present(deps: Deps, townshipCode: string, month: string): Promise<MonthClose> {
  const [row] = await listMonthCloses(deps.db, [townshipCode], month);
  if (!row) throw notFound('月度确认');
  return presentMonthClose(row.close, row.townshipName);
}

export async function closeMonth(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  input: { townshipCode: string; month: string },
): Promise<MonthClose> {
  const townships = townshipsOf(auth, 'month.close');
  if (townships && !townships.includes(input.townshipCode)) throw notFound('乡镇');
  const today = localDate(deps.clock.now());
  if (today < monthDays(input.month).to) throw new AppError('CONFLICT', `${input.month} 尚未结束，月末之后才能确认`);
  const existing = await findMonthClose(deps.db, input.townshipCode, input.month);
  if (existing?.status === 'closed') throw new AppError('CONFLICT', `${input.month} 已确认`);
  await auditedTransaction(deps.db, deps.clock, actor, 'month.close', async (tx, audit) => {
    const id = existing?.id ?? uuidv7();
    await upsertMonthClose(tx, {
      id,
      countyCode: deps.config.countyCode,
      townshipCode: input.townshipCode,
      month: input.month,
      status: 'closed',
      closedAt: deps.clock.now(),
      closedBy: auth.user.id,
      closedByName: auth.user.displayName,
    });
    audit.entity('month_close', id, existing ? { status: existing.status } : null, { ...input, status: 'closed' });
    // 月末快照: the closed month's ledgers and figures read only this from now on (modules/snapshots).
    const snapshot = await freezeMonth(deps, tx, { ...input, trigger: 'close' });
    audit.entity('month_snapshot', snapshot.id, null, { ...input, rowCounts: snapshot.rowCounts });
  });
  return present(deps, input.townshipCode, input.month);
}

export async function reopenMonth(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  reason: string,
): Promise<MonthClose> {
  if (!hasCountyScope(auth.assignments, 'month.reopen')) throw forbidden('只有县级可以重新打开已确认的月份');
  const row = await findMonthCloseById(deps.db, id);
  if (!row) throw notFound('月度确认');
  await auditedTransaction(deps.db, deps.clock, actor, 'month.reopen', async (tx, audit) => {
    if (!(await markReopened(tx, id, auth.user.id, deps.clock.now(), reason)))
      throw new AppError('CONFLICT', '该月份未处于已确认状态');
    // The month reads live data again until the township closes it again, which freezes a new snapshot.
    await thawMonth(deps, tx, row.townshipCode, row.month);
    audit.entity(
      'month_close',
      id,
      { status: 'closed' },
      { status: 'reopened', townshipCode: row.townshipCode, month: row.month, reason },
    );
  });
  return present(deps, row.townshipCode, row.month);
}

/** Townships whose month closes the caller sees: their townships, and those of the sites they reach. */
async function visibleTownships(deps: Deps, auth: AuthState): Promise<string[] | null> {
  const townships = townshipsOf(auth, 'revisit.read');
  if (!townships) return null;
  const ofSites = await townshipsOfSites(deps.db, siteScope(auth.assignments, 'revisit.read'));
  return [...new Set([...townships, ...ofSites])];
}

export async function listMonthClosesInScope(
  deps: Deps,
  auth: AuthState,
  q: { month?: string; townshipCode?: string },
) {
  const townships = await visibleTownships(deps, auth);
  const allowed = townships
    ? q.townshipCode
      ? townships.filter((t) => t === q.townshipCode)
      : townships
    : q.townshipCode
      ? [q.townshipCode]
      : null;
  const rows = await listMonthCloses(deps.db, allowed, q.month);
  return { items: rows.map((r) => presentMonthClose(r.close, r.townshipName)) };
}
