import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../modules/users/users.table';

/**
 * Uploaded (or generated) files. The bytes live on disk under `<dataDir>/files/aa/bb/<storage_key>`:
 * - unencrypted files are content-addressed (storage_key = sha256 of the plaintext), so identical
 *   files are stored once and shared by several rows;
 * - personal-data files are encrypted with their own random file key, wrapped by the data key
 *   (`wrapped_key`), and stored under the sha256 of the ciphertext — never shared.
 * The row outlives the bytes: a purge (retention or deletion) sets purged_at and keeps the metadata.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey(),
    /** SHA-256 (hex) of the plaintext. */
    sha256: text('sha256').notNull(),
    /** Plaintext size in bytes. */
    size: bigint('size', { mode: 'number' }).notNull(),
    originalFilename: text('original_filename').notNull(),
    contentType: text('content_type').notNull(),
    /** The feature record the file belongs to; null until the feature links it. */
    ownerType: text('owner_type'),
    ownerId: uuid('owner_id'),
    purpose: text('purpose').notNull(),
    personalData: boolean('personal_data').notNull(),
    encrypted: boolean('encrypted').notNull(),
    /** Version of the data key that wraps the file key (null when not encrypted). */
    keyVersion: integer('key_version'),
    /** The file's own AES-256-GCM key, encrypted with the data key (FieldCipher format). */
    wrappedKey: text('wrapped_key'),
    /** Name of the stored file (sha256 hex of the bytes on disk). */
    storageKey: text('storage_key').notNull(),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
    purgeAfter: timestamp('purge_after', { withTimezone: true }),
    purgedAt: timestamp('purged_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedBy: uuid('deleted_by'),
    /** County (or finer) division of the owning record, for scope and sharding; set when linked. */
    divisionCode: text('division_code'),
  },
  (t) => [
    index('attachments_storage_key_idx').on(t.storageKey),
    index('attachments_uploader_idx').on(t.uploadedBy, t.uploadedAt),
    index('attachments_owner_idx').on(t.ownerType, t.ownerId),
    index('attachments_purge_idx')
      .on(t.purgeAfter)
      .where(sql`purged_at is null`),
  ],
);
