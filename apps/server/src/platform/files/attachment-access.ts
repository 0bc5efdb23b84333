import type { AuthState } from '../auth/auth.service';
import type { Deps } from '../deps';

/**
 * Decides whether the signed-in user may see an attachment linked to a record of one owner type:
 * "can this user see household X?". Features register one checker per owner type they link files to
 * (e.g. `attachmentAccess.register('household', (auth, id, deps) => canSeeHousehold(deps, auth, id))`),
 * at module load of their routes file. The checker answers from the feature's own scope rules.
 */
export type AttachmentAccessChecker = (auth: AuthState, ownerId: string, deps: Deps) => Promise<boolean>;

const checkers = new Map<string, AttachmentAccessChecker>();

export const attachmentAccess = {
  register(ownerType: string, checker: AttachmentAccessChecker): void {
    const existing = checkers.get(ownerType);
    if (existing && existing !== checker) {
      throw new Error(`attachment owner type "${ownerType}" already has an access checker`);
    }
    checkers.set(ownerType, checker);
  },

  /** Removes a checker (tests). */
  unregister(ownerType: string): void {
    checkers.delete(ownerType);
  },

  has(ownerType: string): boolean {
    return checkers.has(ownerType);
  },

  /** Unknown owner types grant nothing: a file linked to a record nobody can vouch for stays hidden. */
  async check(auth: AuthState, ownerType: string, ownerId: string, deps: Deps): Promise<boolean> {
    const checker = checkers.get(ownerType);
    return checker ? checker(auth, ownerId, deps) : false;
  },
};
