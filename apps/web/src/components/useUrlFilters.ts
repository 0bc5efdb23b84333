import { useSearchParams } from 'react-router';
import type { Paging } from './PagedTable';

/** A value of `undefined`, `null` or `''` removes the parameter. */
export type FilterChanges = Record<string, string | number | null | undefined>;

function positiveInt(text: string | null, fallback: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * A list's filters and page kept in the address (`?q=…&page=2&pageSize=50`), so the menu link clears
 * them and a copied link shows the same page. `update` replaces the history entry; any change that
 * does not set `page` goes back to page 1.
 */
export function useUrlFilters(): { params: URLSearchParams; update: (changes: FilterChanges) => void; paging: Paging } {
  const [params, setParams] = useSearchParams();
  const page = positiveInt(params.get('page'), 1);
  const pageSize = Math.min(positiveInt(params.get('pageSize'), 20), 200);

  const update = (changes: FilterChanges) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (!('page' in changes)) next.delete('page');
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === null || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      },
      { replace: true },
    );
  };

  return { params, update, paging: { page, pageSize, onPageChange: update } };
}
