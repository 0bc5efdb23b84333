import { describe, expect, it } from 'vitest';
import { attachmentMaxBytes, largestAttachmentMaxBytes } from './attachments';

const MB = 1024 * 1024;

describe('attachment size caps', () => {
  it('lets a CSV import be far larger than a workbook, within the int4 size column', () => {
    expect(attachmentMaxBytes('import', '.csv')).toBe(2000 * MB);
    expect(attachmentMaxBytes('import', '.xlsx')).toBe(100 * MB);
    expect(attachmentMaxBytes('general', '.csv')).toBe(20 * MB);
    expect(largestAttachmentMaxBytes).toBe(2000 * MB);
    expect(largestAttachmentMaxBytes).toBeLessThan(2 ** 31);
  });
});
