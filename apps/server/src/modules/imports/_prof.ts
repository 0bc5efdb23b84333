// TEMPORARY profiling helper (to be removed).
const acc = new Map<string, { ms: number; n: number }>();
export async function tm<T>(name: string, fn: () => Promise<T>): Promise<T> {
  if (!process.env.IMPORT_PROF) return fn();
  const t = performance.now();
  try {
    return await fn();
  } finally {
    const e = acc.get(name) ?? { ms: 0, n: 0 };
    e.ms += performance.now() - t;
    e.n += 1;
    acc.set(name, e);
  }
}
export function tsync<T>(name: string, fn: () => T): T {
  if (!process.env.IMPORT_PROF) return fn();
  const t = performance.now();
  try {
    return fn();
  } finally {
    const e = acc.get(name) ?? { ms: 0, n: 0 };
    e.ms += performance.now() - t;
    e.n += 1;
    acc.set(name, e);
  }
}
export function dump(label: string) {
  if (!process.env.IMPORT_PROF) return;
  process.stderr.write(`[prof ${label}] ` + [...acc].map(([k, v]) => `${k}=${(v.ms / 1000).toFixed(2)}s/${v.n}`).join(' ') + '\n');
  acc.clear();
}
