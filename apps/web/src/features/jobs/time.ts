import { SHANGHAI_OFFSET_MS } from '@anzhi/domain/periods';

/** '2022-03-25 18:00:05' in Asia/Shanghai, whatever the browser's time zone. */
export function formatJobTime(iso: string | null): string {
  if (iso === null) return '—';
  const shifted = new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 19)}`;
}
