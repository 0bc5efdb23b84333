/** Query-string values: empty strings, `null` and `undefined` are left out. */
export type QueryParams = Record<string, string | number | boolean | null | undefined>;

/** `?a=1&b=x` for the set values of `params` (or `''` when none is set). */
export function toQueryString(params: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
