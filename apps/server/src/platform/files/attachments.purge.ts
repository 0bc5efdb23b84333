import { auditedTransaction, systemActor } from '../audit/audit.service';
import type { Deps } from '../deps';
import { removeBlob } from './attachment-store';
import { liveReferences, lockStorageKey, markPurged, storageKeysDue } from './attachments.repository';
import { filesRoot } from './attachments.service';

export interface PurgeResult {
  /** Rows whose bytes are gone now (metadata kept, purged_at set). */
  purgedAttachments: number;
  /** Stored files removed from disk. */
  removedFiles: number;
  freedBytes: number;
}

/**
 * Deletes the bytes of attachments whose purge_after has passed (retention per purpose, or a soft
 * delete) and keeps their rows with purged_at. A stored file shared by identical uploads is removed
 * only when no row that has not been purged still points at it.
 *
 * A plain function for the periodic job runner to call (e.g. daily); safe to run from several
 * processes at once: each stored file is handled under its advisory lock, in its own transaction with
 * one audit event.
 */
export async function purgeExpiredAttachments(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  batch = 500,
): Promise<PurgeResult> {
  const result: PurgeResult = { purgedAttachments: 0, removedFiles: 0, freedBytes: 0 };
  const root = filesRoot(deps);
  const now = deps.clock.now();
  for (;;) {
    const keys = await storageKeysDue(deps.db, now, batch);
    if (keys.length === 0) break;
    for (const key of keys) {
      await auditedTransaction(deps.db, deps.clock, systemActor, 'attachment.purge', async (tx, audit) => {
        await lockStorageKey(tx, key);
        const purged = await markPurged(tx, key, now);
        for (const row of purged) {
          audit.entity('attachment', row.id, null, {
            purgedAt: now.toISOString(),
            purpose: row.purpose,
            size: row.size,
          });
        }
        result.purgedAttachments += purged.length;
        // Removed inside the transaction, under the lock: an upload of identical bytes waits for the
        // lock and then finds the file gone, so it writes it again rather than pointing at nothing.
        if ((await liveReferences(tx, key)) === 0 && (await removeBlob(root, key))) {
          result.removedFiles += 1;
          result.freedBytes += purged[0]?.size ?? 0;
        }
      });
    }
    if (keys.length < batch) break;
  }
  return result;
}
