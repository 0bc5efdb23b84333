import type { Household } from '@anzhi/contracts/registry';

export function orDash(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

/** 安置地址: site and room (集中安置), or the destination village (分散安置). */
export function placeText(
  h: Pick<Household, 'placement' | 'siteName' | 'building' | 'unit' | 'room' | 'destinationVillageName'>,
) {
  if (h.placement === '分散安置') return `分散安置：${orDash(h.destinationVillageName)}`;
  const room = [h.building, h.unit, h.room].filter(Boolean).join(' ');
  return `${orDash(h.siteName)}${room ? ` ${room}` : ''}`;
}

/**
 * End of the 20-year no-sale period (§23): counted from the certificate date, or from the handover where there is
 * no certificate (the county's setting may say otherwise; the server's rule is authoritative).
 */
export function lockEndDate(h: Pick<Household, 'certificateDate' | 'handoverDate'>): string | null {
  const start = h.certificateDate ?? h.handoverDate;
  if (start === null) return null;
  return `${Number(start.slice(0, 4)) + 20}${start.slice(4)}`;
}
