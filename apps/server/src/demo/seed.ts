import crypto from 'node:crypto';
import { count } from 'drizzle-orm';
import { roleLabels } from '@anzhi/contracts/permissions';
import type { Db } from '../db/client';
import { uuidv7 } from '@anzhi/domain/ids';
import { sites } from '../modules/org/org.table';
import { resolveUnitName } from '../modules/org/units.service';
import { insertAssignment } from '../modules/users/role-assignments.service';
import { insertUser } from '../modules/users/users.service';
import { hashPassword } from '../platform/auth/password';
import { demoSites } from './sites';
import { users } from '../modules/users/users.table';
import { auditedTransaction, systemActor } from '../platform/audit/audit.service';
import type { Deps } from '../platform/deps';
import { demoAccounts, demoAdminTotpSecret, demoPassword } from './accounts';
import { loadPlatformDemo, type DemoUser } from './platform-demo';
import { loadRegistryDemo } from './registry-demo';
import { loadRegistryEventsDemo } from './registry-events-demo';
import { loadSupervisionDemo } from './supervision-demo';
import { loadChiefsDemo } from './chiefs-demo';
import { loadRevisitsDemo } from './revisits-demo';
import { loadIncomesPairingsDemo } from './incomes-pairings-demo';
import { loadMonitoringDemo } from './monitoring-demo';
import { loadMonitoringHelpDemo } from './monitoring-help-demo';
import { loadImportsDemo } from './imports-demo';
import { loadComparisonDemo } from './comparison-demo';
import { loadDashboardsDemo } from './dashboards-demo';
import { loadSnapshotsDemo } from './snapshots-demo';
import { computeAssessment } from '../modules/assessment/assessment.service';
import { localDate } from '@anzhi/domain/periods';

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/**
 * Loads the demo (sites, accounts, the shared machinery's inbox items, notifications, jobs and a sample attachment;
 * later issues add each feature's records) in one audited transaction.
 */
export async function loadDemo(deps: Pick<Deps, 'db' | 'clock' | 'cipher' | 'config' | 'database'>): Promise<void> {
  const demoSiteIds = new Map<string, string>();
  await auditedTransaction(deps.db, deps.clock, systemActor, 'demo.load', async (tx, audit) => {
    const siteIds = new Map<string, string>();
    const now = deps.clock.now();
    for (const s of demoSites) {
      const id = uuidv7();
      const { key, ...fields } = s;
      await tx.insert(sites).values({
        id,
        ...fields,
        countyCode: deps.config.countyCode,
        status: 'active',
        createdAt: now,
        updatedAt: now,
      });
      siteIds.set(key, id);
      demoSiteIds.set(key, id);
      audit.entity('site', id, null, { name: s.name, townshipCode: s.townshipCode });
    }
    const passwordHash = await hashPassword(demoPassword);
    const loaded: DemoUser[] = [];
    for (const a of demoAccounts) {
      const id = await insertUser(tx, deps, {
        username: a.username,
        displayName: a.displayName,
        password: demoPassword,
        passwordHash,
        roles: a.assignments ? [] : [a.role],
        mustChangePassword: false,
        isDemo: true,
        ...(a.role === 'system_admin' ? { totpSecret: demoAdminTotpSecret } : {}),
      });
      for (const scope of a.assignments ?? []) {
        const unit = scope.unit ? await resolveUnitName(tx, scope.unit) : undefined;
        if (scope.unit && !unit) throw new Error(`演示数据错误：找不到单位 ${scope.unit}`);
        await insertAssignment(
          tx,
          id,
          {
            role: scope.role,
            divisionCode: scope.divisionCode ?? null,
            siteId: scope.site ? siteIds.get(scope.site)! : null,
            unitId: unit?.id ?? null,
          },
          now,
        );
      }
      audit.entity('user', id, null, { username: a.username, role: a.role });
      loaded.push({ id, username: a.username, role: a.role });
    }
    // 我的待办, notifications, the jobs history and a sample attachment.
    await timed('loadPlatformDemo', () => loadPlatformDemo(tx, deps, audit, loaded));
    // Synthetic households and persons at the demo sites and in the county's villages.
    await timed('loadRegistryDemo', () => loadRegistryDemo(tx, deps, audit, siteIds));
    // Household events on top of it: a split, a move, a closed household, an R23 sublet, data-quality findings.
    await timed('loadRegistryEventsDemo', () => loadRegistryEventsDemo(tx, deps, audit, siteIds));
    // The 2022 responsibility list rolled into the current year, with instances in every state.
    await timed('loadSupervisionDemo', () => loadSupervisionDemo(tx, deps, audit));
    // Site chiefs, their visits and hearings, experience reports.
    await timed('loadChiefsDemo', () => loadChiefsDemo(tx, deps, audit, siteIds, loaded));
    // Monthly revisits of the last months with gaps, a closed and an open month.
    await timed('loadRevisitsDemo', () => loadRevisitsDemo(tx, deps, audit, siteIds));
    // Monitoring lines (demo values), last year's incomes, two-way pairing of the monitored households.
    await timed('loadIncomesPairingsDemo', () => loadIncomesPairingsDemo(tx, deps, audit, loaded));
    // Risk clues from every source, cases at every identification step, the 三类人员 included (M1).
    await timed('loadMonitoringDemo', () => loadMonitoringDemo(tx, deps, audit, loaded));
    // Help plans and measures of the monitored cases, one eliminated, one rolled back, one re-flagged household
    // (keep it after the monitoring demo that creates the cases).
    await timed('loadMonitoringHelpDemo', () => loadMonitoringHelpDemo(tx, deps, audit, loaded));
  });
  // The current year's assessment, computed from the records above (its own audited transaction).
  await timed('computeAssessment', () => computeAssessment(deps, Number(localDate(deps.clock.now()).slice(0, 4))));
  // Import batches (an applied one and a dry run with errors) for the imports page.
  await timed('loadImportsDemo', () => loadImportsDemo(deps, demoSiteIds));
  // 部门数据比对: two months of department batches, warnings in every state, a deliberation.
  await timed('loadComparisonDemo', () => loadComparisonDemo(deps, demoSiteIds));
  // Last: the rules job for the last 12 months (rule matrix with red cells, pre-aggregated figures, trend).
  await timed('loadDashboardsDemo', () => loadDashboardsDemo(deps));
  // 月末快照 of the months the demo townships closed (after every record the ledgers and figures read).
  await timed('loadSnapshotsDemo', () => loadSnapshotsDemo(deps));
}

/** Runs one demo step; `DEMO_TIMING=1` prints how long each took (to find what makes the first start slow). */
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  if (process.env.DEMO_TIMING) console.error(`[demo] ${label}: ${Math.round(performance.now() - started)} ms`);
  return result;
}

/** A real install (DEMO=0): only the system administrator, with a one-time password shown once. */
export async function createInitialAdmin(deps: Pick<Deps, 'db' | 'clock' | 'cipher'>): Promise<string> {
  const password = `${crypto.randomBytes(9).toString('base64url')}Aa1!`;
  await auditedTransaction(deps.db, deps.clock, systemActor, 'system.init', async (tx, audit) => {
    const id = await insertUser(tx, deps, {
      username: 'admin',
      displayName: '系统管理员',
      password,
      roles: ['system_admin'],
      mustChangePassword: true,
    });
    audit.entity('user', id, null, { username: 'admin', role: 'system_admin' });
  });
  return password;
}

export function demoAccountsTable(): string {
  const rows = demoAccounts.map(
    (a) => `  ${a.username.padEnd(10)} ${demoPassword}   ${roleLabels[a.role]}（${a.note}）`,
  );
  return [
    '  用户名      密码         角色',
    ...rows,
    `  系统管理员 admin 的动态验证码密钥：${demoAdminTotpSecret}（可用 npm run totp 查看当前验证码）`,
  ].join('\n');
}
