import { useSyncExternalStore } from 'react';

/** Shown on the login page after the server ended an idle session. */
export const sessionExpiredNotice = '登录已超时，请重新登录';

let notice: string | null = null;
const listeners = new Set<() => void>();

export function setSessionNotice(next: string | null): void {
  if (next === notice) return;
  notice = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function getNotice(): string | null {
  return notice;
}

/** The notice to show above the login form, if any. */
export function useSessionNotice(): string | null {
  return useSyncExternalStore(subscribe, getNotice, getNotice);
}
