import path from 'node:path';
import { z } from 'zod';

/** The only reader of process.env. Parsed once; a bad value stops the process with a clear message. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL 必须以 postgres:// 开头')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  KEYS_DIR: z.string().optional(),
  DEMO: z.enum(['0', '1']).default('1'),
  COUNTY_CODE: z
    .string()
    .regex(/^\d{6}$/, 'COUNTY_CODE 应为 6 位行政区划代码')
    .default('360735'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SECURE_COOKIES: z.enum(['0', '1']).optional(),
  WEB_DIST: z.string().optional(),
  AUDIT_SEAL_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  JOB_POLL_MS: z.coerce.number().int().min(50).default(1000),
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  JOB_STALE_AFTER_SECONDS: z.coerce.number().int().min(10).default(120),
  SUPERVISION_ESCALATE_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(7),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  keysDir: string;
  demo: boolean;
  countyCode: string;
  logLevel: string;
  secureCookies: boolean;
  webDist: string;
  auditSealIntervalMs: number;
  /** Background job runner: poll interval, parallel jobs, and when a silent running job counts as crashed. */
  jobs: { pollMs: number; concurrency: number; staleAfterMs: number };
  /** Supervision: days an instance may stay overdue before it escalates from the lead unit to county_lead. */
  supervision: { escalateAfterDays: number };
  /** Account policy (MLPS 2.0 level 3 baseline). */
  security: {
    maxFailedLogins: number;
    lockoutMinutes: number;
    idleTimeoutMinutes: number;
  };
}

const repoRoot = path.resolve(import.meta.dirname, '../../..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置错误（环境变量）：\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(repoRoot, e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    keysDir: e.KEYS_DIR ? path.resolve(e.KEYS_DIR) : path.join(dataDir, 'keys'),
    demo: e.DEMO === '1',
    countyCode: e.COUNTY_CODE,
    logLevel: e.LOG_LEVEL,
    secureCookies: e.SECURE_COOKIES === '1',
    webDist: e.WEB_DIST ? path.resolve(e.WEB_DIST) : path.join(repoRoot, 'apps/web/dist'),
    auditSealIntervalMs: e.AUDIT_SEAL_INTERVAL_MS,
    jobs: { pollMs: e.JOB_POLL_MS, concurrency: e.JOB_CONCURRENCY, staleAfterMs: e.JOB_STALE_AFTER_SECONDS * 1000 },
    supervision: { escalateAfterDays: e.SUPERVISION_ESCALATE_AFTER_DAYS },
    security: { maxFailedLogins: 5, lockoutMinutes: 15, idleTimeoutMinutes: 30 },
  };
}

export { repoRoot };
