import {
  LedgerCatalogueSchema,
  LedgerPageSchema,
  SnapshotListSchema,
  type LedgerCatalogue,
  type LedgerKind,
  type LedgerPage,
  type LedgerSplit,
} from '@anzhi/contracts/ledgers';
import { apiBase, apiRequest } from '../../api/client';
import { toQueryString } from '../../api/query';

export interface LedgerFilters {
  month: string;
  townshipCode?: string | undefined;
  siteId?: string | undefined;
}

export const ledgerKeys = {
  all: ['ledgers'] as const,
  catalogue: () => ['ledgers', 'catalogue'] as const,
  page: (kind: LedgerKind, f: LedgerFilters, page: number, pageSize: number) =>
    ['ledgers', 'page', kind, f, page, pageSize] as const,
  snapshots: (month: string) => ['ledgers', 'snapshots', month] as const,
};

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

export function fetchCatalogue(signal?: AbortSignal): Promise<LedgerCatalogue> {
  return apiRequest('/ledgers', LedgerCatalogueSchema, opts(signal));
}

export function fetchLedgerPage(
  kind: LedgerKind,
  f: LedgerFilters,
  page: number,
  pageSize: number,
  signal?: AbortSignal,
): Promise<LedgerPage> {
  return apiRequest(
    `/ledgers/${encodeURIComponent(kind)}${toQueryString({ ...f, page, pageSize })}`,
    LedgerPageSchema,
    opts(signal),
  );
}

export function fetchSnapshots(month: string, signal?: AbortSignal) {
  return apiRequest(`/snapshots${toQueryString({ month })}`, SnapshotListSchema, opts(signal));
}

/** The workbook address (a plain GET: the browser downloads it with the session cookie). */
export function exportUrl(kind: LedgerKind, f: LedgerFilters, split: LedgerSplit): string {
  return `${apiBase}/ledgers/${encodeURIComponent(kind)}/export${toQueryString({ ...f, split })}`;
}

/** The printable monthly report (opens in a new tab; the browser prints it or saves it as PDF). */
export function reportUrl(month: string): string {
  return `${apiBase}/reports/monthly${toQueryString({ month })}`;
}
