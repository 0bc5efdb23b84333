import type { LedgerKind } from '@anzhi/contracts/ledgers';
import { facilitiesLedger } from './facilities.ledger';
import { governanceLedger } from './governance.ledger';
import { grievancesLedger } from './grievances.ledger';
import type { LedgerDefinition } from './ledger-definition';
import { monitoringLedger } from './monitoring.ledger';
import { policiesLedger } from './policies.ledger';
import { revisitsLedger } from './revisits.ledger';
import { safetyLedger } from './safety.ledger';
import { supportLedger } from './support.ledger';

/**
 * The eight ledgers in ledgers.md's order. A feature that brings a ledger's source records gives its definition
 * `rows` (and `frozenOnClose` if the month-end snapshot must keep them): one file.
 */
export const ledgerCatalogue: readonly LedgerDefinition[] = [
  supportLedger,
  safetyLedger,
  governanceLedger,
  facilitiesLedger,
  grievancesLedger,
  monitoringLedger,
  revisitsLedger,
  policiesLedger,
];

export function ledgerOf(kind: LedgerKind): LedgerDefinition {
  const def = ledgerCatalogue.find((d) => d.kind === kind);
  if (!def) throw new RangeError(`unknown ledger ${kind}`);
  return def;
}
