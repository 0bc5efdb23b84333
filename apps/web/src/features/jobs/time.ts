import { formatLocal } from '@anzhi/domain/periods';

/** '2022-03-25 18:00:05' in Asia/Shanghai, whatever the browser's time zone. */
export function formatJobTime(iso: string | null): string {
  if (iso === null) return '—';
  return formatLocal(iso, 'second');
}
