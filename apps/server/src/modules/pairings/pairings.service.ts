import type {
  Pairing,
  PairingCadre,
  PairingHandoverInput,
  PairingInput,
  PairingOverviewItem,
  PairingOverviewQuery,
  PairingSide,
} from '@anzhi/contracts/pairings';
import type { Permission } from '@anzhi/contracts/permissions';
import { uuidv7 } from '@anzhi/domain/ids';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors/app-error';
import { todayOf } from '../registry/persons.service';
import { followUpScope } from '../registry/registry.scope';
import { validationFailed } from '../registry/registry.validation';
import { findFollowUpHousehold } from './follow-up.repository';
import {
  cadresWithRoles,
  countPairingOverview,
  endPairings,
  findPairing,
  insertPairing,
  openPairingOf,
  openPairingsOfCadre,
  pairingOverview,
  type PairingFilter,
  type PairingOverviewRow,
} from './pairings.repository';

/** Roles that may stand on each side (domain.md §6): destination — help cadres; origin — help or village cadres. */
const sideRoles: Record<PairingSide, string[]> = {
  destination: ['help_cadre'],
  origin: ['help_cadre', 'origin_cadre'],
};

const scopeOf = (auth: AuthState, permission: Permission) => followUpScope(auth.assignments, permission, auth.user.id);

function sidesOf(roles: string[]): PairingSide[] {
  return (Object.keys(sideRoles) as PairingSide[]).filter((s) => sideRoles[s].some((r) => roles.includes(r)));
}

export async function listCadres(deps: Deps): Promise<PairingCadre[]> {
  const rows = await cadresWithRoles(deps.db, ['help_cadre', 'origin_cadre']);
  return rows.map((r) => ({ ...r, sides: sidesOf(r.roles) }));
}

async function cadreFor(deps: Deps, userId: string, side: PairingSide, path: string) {
  const [cadre] = await cadresWithRoles(deps.db, sideRoles[side], [userId]);
  if (!cadre)
    throw validationFailed([
      { path, message: side === 'destination' ? '所选人员不是帮扶干部' : '所选人员不是帮扶干部或迁出地村干部' },
    ]);
  return cadre;
}

function present(row: PairingOverviewRow, side: PairingSide): Pairing | null {
  const [id, cadreUserId, cadreName, from] =
    side === 'destination'
      ? [row.destId, row.destCadreId, row.destCadreName, row.destFrom]
      : [row.originId, row.originCadreId, row.originCadreName, row.originFrom];
  if (!id || !cadreUserId) return null;
  return {
    id,
    householdId: row.householdId,
    householdNumber: row.householdNumber,
    side,
    cadreUserId,
    cadreName: cadreName ?? '',
    fromDate: from ?? '',
    toDate: null,
  };
}

function presentOverview(row: PairingOverviewRow): PairingOverviewItem {
  const destination = present(row, 'destination');
  const origin = present(row, 'origin');
  const gap = destination ? (origin ? 'both' : 'destination_only') : origin ? 'origin_only' : 'none';
  return {
    householdId: row.householdId,
    householdNumber: row.householdNumber,
    headName: row.headName,
    monitoringStatus: row.monitoringStatus,
    originVillageCode: row.originVillageCode,
    siteName: row.siteName,
    destination,
    origin,
    gap,
  };
}

function filterOf(deps: Deps, auth: AuthState, q: PairingOverviewQuery): PairingFilter {
  return {
    countyCode: deps.config.countyCode,
    scope: scopeOf(auth, 'pairing.read'),
    today: todayOf(deps),
    monitoredOnly: q.households === 'monitored',
    gap: q.gap,
    cadreUserId: q.cadreUserId,
    originVillageCode: q.originVillageCode,
  };
}

/** The households of the caller's scope with their open pairings; 两不管 and one-side-only through `gap`. */
export async function listPairingOverview(deps: Deps, auth: AuthState, q: PairingOverviewQuery) {
  const filter = filterOf(deps, auth, q);
  const [rows, total] = await Promise.all([
    pairingOverview(deps.db, filter, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
    countPairingOverview(deps.db, filter),
  ]);
  return { items: rows.map(presentOverview), total, page: q.page, pageSize: q.pageSize };
}

/** One household's pairings (any household in scope, monitored or not); 404 out of scope. */
export async function householdPairings(deps: Deps, auth: AuthState, householdId: string) {
  const today = todayOf(deps);
  const h = await findFollowUpHousehold(
    deps.db,
    deps.config.countyCode,
    householdId,
    scopeOf(auth, 'pairing.read'),
    today,
  );
  if (!h) throw notFound('搬迁户');
  const destination = await openPairingOf(deps.db, householdId, 'destination');
  const origin = await openPairingOf(deps.db, householdId, 'origin');
  const names = new Map(
    (
      await cadresWithRoles(
        deps.db,
        ['help_cadre', 'origin_cadre'],
        [destination?.cadreUserId, origin?.cadreUserId].filter((x): x is string => !!x),
      )
    ).map((c) => [c.id, c.displayName]),
  );
  const toPairing = (p: typeof destination): Pairing | null =>
    p
      ? {
          id: p.id,
          householdId,
          householdNumber: h.householdNumber,
          side: p.side as PairingSide,
          cadreUserId: p.cadreUserId,
          cadreName: names.get(p.cadreUserId) ?? '',
          fromDate: p.fromDate,
          toDate: p.toDate,
        }
      : null;
  const d = toPairing(destination);
  const o = toPairing(origin);
  return {
    householdId,
    householdNumber: h.householdNumber,
    headName: h.headName,
    monitoringStatus: h.monitoringStatus,
    originVillageCode: h.originVillageCode,
    siteName: h.siteName,
    destination: d,
    origin: o,
    gap: d ? (o ? 'both' : 'destination_only') : o ? 'origin_only' : 'none',
  } satisfies PairingOverviewItem;
}

/**
 * Pairs a cadre with a household on one side from today. A different cadre already paired on that side is
 * replaced (their pairing ends today); the same cadre again changes nothing.
 */
export async function createPairing(deps: Deps, auth: AuthState, actor: ActorContext, input: PairingInput) {
  if (input.id && (await findPairing(deps.db, input.id))) return householdPairings(deps, auth, input.householdId);
  const today = todayOf(deps);
  const h = await findFollowUpHousehold(
    deps.db,
    deps.config.countyCode,
    input.householdId,
    scopeOf(auth, 'pairing.manage'),
    today,
  );
  if (!h) throw notFound('搬迁户');
  const cadre = await cadreFor(deps, input.cadreUserId, input.side, 'cadreUserId');
  const current = await openPairingOf(deps.db, input.householdId, input.side);
  if (current?.cadreUserId === cadre.id) return householdPairings(deps, auth, input.householdId);
  const id = input.id ?? uuidv7();
  const now = deps.clock.now();
  await auditedTransaction(deps.db, deps.clock, actor, 'pairing.create', async (tx, audit) => {
    if (current) await endPairings(tx, [current.id], today, now);
    await insertPairing(tx, {
      id,
      countyCode: deps.config.countyCode,
      householdId: input.householdId,
      side: input.side,
      cadreUserId: cadre.id,
      fromDate: today,
      createdBy: auth.user.id,
      createdAt: now,
      updatedAt: now,
    });
    const after = { side: input.side, cadreUserId: cadre.id, cadreName: cadre.displayName, from: today };
    audit.entity('pairing', id, null, after);
    if (current) audit.entity('pairing', current.id, { cadreUserId: current.cadreUserId }, { to: today });
    audit.entity('household', input.householdId, null, null);
  });
  return householdPairings(deps, auth, input.householdId);
}

/** Ends a pairing today. */
export async function endPairing(deps: Deps, auth: AuthState, actor: ActorContext, id: string) {
  const p = await findPairing(deps.db, id);
  if (!p || p.countyCode !== deps.config.countyCode) throw notFound('结对记录');
  const today = todayOf(deps);
  const h = await findFollowUpHousehold(
    deps.db,
    deps.config.countyCode,
    p.householdId,
    scopeOf(auth, 'pairing.manage'),
    today,
  );
  if (!h) throw notFound('结对记录');
  if (p.toDate !== null) throw new AppError('CONFLICT', '该结对已解除');
  await auditedTransaction(deps.db, deps.clock, actor, 'pairing.end', async (tx, audit) => {
    await endPairings(tx, [id], today, deps.clock.now());
    audit.entity('pairing', id, { cadreUserId: p.cadreUserId, side: p.side }, { to: today });
    audit.entity('household', p.householdId, null, null);
  });
  return householdPairings(deps, auth, p.householdId);
}

/**
 * Hands every open pairing of one cadre (within the caller's scope) to another in one audited action: each ends
 * today and the receiving cadre's begins today. The receiver must be able to stand on every side handed over.
 */
export async function handOverPairings(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  input: PairingHandoverInput,
): Promise<{ moved: number }> {
  if (input.fromUserId === input.toUserId)
    throw validationFailed([{ path: 'toUserId', message: '接手的帮扶干部不能是原帮扶干部' }]);
  const rows = await openPairingsOfCadre(
    deps.db,
    deps.config.countyCode,
    input.fromUserId,
    scopeOf(auth, 'pairing.manage'),
  );
  if (rows.length === 0) return { moved: 0 };
  const sides = [...new Set(rows.map((r) => r.pairing.side as PairingSide))];
  for (const side of sides) await cadreFor(deps, input.toUserId, side, 'toUserId');
  const today = todayOf(deps);
  const now = deps.clock.now();
  await auditedTransaction(deps.db, deps.clock, actor, 'pairing.handover', async (tx, audit) => {
    await endPairings(
      tx,
      rows.map((r) => r.pairing.id),
      today,
      now,
    );
    for (const { pairing: p } of rows) {
      const id = uuidv7();
      await insertPairing(tx, {
        id,
        countyCode: p.countyCode,
        householdId: p.householdId,
        side: p.side,
        cadreUserId: input.toUserId,
        fromDate: today,
        createdBy: auth.user.id,
        createdAt: now,
        updatedAt: now,
      });
      audit.entity('pairing', id, { cadreUserId: input.fromUserId }, { cadreUserId: input.toUserId, from: today });
      audit.entity('household', p.householdId, null, null);
    }
    audit.entity('handover', input.fromUserId, null, { to: input.toUserId, reason: input.reason, count: rows.length });
  });
  return { moved: rows.length };
}
