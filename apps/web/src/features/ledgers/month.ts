import dayjs from 'dayjs';

/** Last month (the month townships confirm at the start of this one): the ledgers' default period. */
export function defaultLedgerMonth(): string {
  return dayjs().subtract(1, 'month').format('YYYY-MM');
}
