import { and, asc, eq, isNull } from 'drizzle-orm';
import type { OriginContact, OriginContactInput } from '@anzhi/contracts/pairings';
import type { Permission } from '@anzhi/contracts/permissions';
import { uuidv7 } from '@anzhi/domain/ids';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { notFound } from '../../platform/errors/app-error';
import { getDivision } from '../org/divisions.service';
import { divisions } from '../org/org.table';
import { siteInScope } from '../org/scope';
import { findSiteRef } from '../registry/households.repository';
import { maskedPhone } from '../registry/registry.presenter';
import { checkPhone, validationFailed } from '../registry/registry.validation';
import type { FieldError } from '@anzhi/contracts/errors';
import { originCadreContacts } from './pairings.table';

/** The site, when the caller reaches it with the permission; else 404. */
async function siteFor(deps: Deps, auth: AuthState, siteId: string, permission: Permission) {
  const site = await findSiteRef(deps.db, siteId);
  if (!site || site.countyCode !== deps.config.countyCode || !siteInScope(auth.assignments, permission, site))
    throw notFound('安置点');
  return site;
}

export async function listOriginContacts(deps: Deps, auth: AuthState, siteId: string): Promise<OriginContact[]> {
  await siteFor(deps, auth, siteId, 'pairing.read');
  const rows = await deps.db
    .select({ c: originCadreContacts, villageName: divisions.name })
    .from(originCadreContacts)
    .leftJoin(divisions, eq(divisions.code, originCadreContacts.villageCode))
    .where(and(eq(originCadreContacts.siteId, siteId), isNull(originCadreContacts.deletedAt)))
    .orderBy(asc(originCadreContacts.villageCode), asc(originCadreContacts.name));
  return rows.map(({ c, villageName }) => ({
    id: c.id,
    siteId: c.siteId,
    name: c.name,
    villageCode: c.villageCode,
    villageName,
    position: c.position,
    phone: maskedPhone(c.phoneEnc, deps.cipher),
  }));
}

export async function createOriginContact(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  input: OriginContactInput,
): Promise<OriginContact[]> {
  await siteFor(deps, auth, input.siteId, 'pairing.manage');
  const [existing] = input.id
    ? await deps.db.select().from(originCadreContacts).where(eq(originCadreContacts.id, input.id))
    : [];
  if (existing) return listOriginContacts(deps, auth, input.siteId);
  const errors: FieldError[] = [];
  const phone = checkPhone(input.phone, 'phone', errors);
  const village = await getDivision(deps.db, input.villageCode);
  if (!village || village.level !== 'village') errors.push({ path: 'villageCode', message: '所选区划不是村（社区）' });
  if (errors.length > 0) throw validationFailed(errors);
  const id = input.id ?? uuidv7();
  const now = deps.clock.now();
  await auditedTransaction(deps.db, deps.clock, actor, 'origin_contact.create', async (tx, audit) => {
    await tx.insert(originCadreContacts).values({
      id,
      countyCode: deps.config.countyCode,
      siteId: input.siteId,
      name: input.name,
      villageCode: input.villageCode,
      position: input.position,
      phoneEnc: phone ? deps.cipher.encrypt(phone) : null,
      createdBy: auth.user.id,
      createdAt: now,
      updatedAt: now,
    });
    // The audit image carries no phone number (decisions.md, personal data).
    audit.entity('origin_contact', id, null, {
      siteId: input.siteId,
      name: input.name,
      villageCode: input.villageCode,
    });
  });
  return listOriginContacts(deps, auth, input.siteId);
}

export async function deleteOriginContact(deps: Deps, auth: AuthState, actor: ActorContext, id: string) {
  const [c] = await deps.db
    .select()
    .from(originCadreContacts)
    .where(and(eq(originCadreContacts.id, id), isNull(originCadreContacts.deletedAt)));
  if (!c) throw notFound('联系人');
  await siteFor(deps, auth, c.siteId, 'pairing.manage');
  await auditedTransaction(deps.db, deps.clock, actor, 'origin_contact.delete', async (tx, audit) => {
    await tx
      .update(originCadreContacts)
      .set({ deletedAt: deps.clock.now(), updatedAt: deps.clock.now() })
      .where(eq(originCadreContacts.id, id));
    audit.entity('origin_contact', id, { name: c.name, villageCode: c.villageCode }, null);
  });
  return listOriginContacts(deps, auth, c.siteId);
}
