/* A value in COPY's text format, in a module of its own: worker threads build COPY text without loading pg. */

const specials = /[\\\t\n\r]/;
const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY's text format: \N for null, backslash escapes; dates as ISO, objects as JSON. */
export function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s =
    typeof v === 'string'
      ? v
      : typeof v === 'number'
        ? String(v)
        : typeof v === 'boolean'
          ? v
            ? 't'
            : 'f'
          : v instanceof Date
            ? v.toISOString()
            : JSON.stringify(v);
  // Most values need no escape: test once instead of always building a new string.
  return specials.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => escapes[c]!) : s;
}
