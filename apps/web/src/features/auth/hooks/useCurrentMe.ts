import type { Me } from '@anzhi/contracts/auth';
import { createContext, useContext } from 'react';

/** Provided by the signed-in layout: the fully signed-in user. */
export const CurrentMeContext = createContext<Me | null>(null);

/** The signed-in user; only valid below the signed-in layout. */
export function useCurrentMe(): Me {
  const me = useContext(CurrentMeContext);
  if (me === null) throw new Error('useCurrentMe must be used below the signed-in layout');
  return me;
}
