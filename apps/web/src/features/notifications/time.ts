import { formatLocal } from '@anzhi/domain/periods';

/** '2022-03-25 18:00' in Asia/Shanghai, whatever the browser's time zone. */
export function formatLocalDateTime(iso: string): string {
  return formatLocal(iso);
}
