import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '@anzhi/domain/periods';
import type { Config } from '../config';
import type { Database, Db } from '../db/client';
import type { FieldCipher } from './crypto/cipher';

/** What services need from the outside world; built once in main.ts (or a test) and passed down. */
export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  cipher: FieldCipher;
  log: FastifyBaseLogger;
}
