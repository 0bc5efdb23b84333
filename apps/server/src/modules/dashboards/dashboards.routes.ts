import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DashboardQuerySchema,
  DashboardSchema,
  RuleEvaluationInputSchema,
  RuleResultPageSchema,
  RuleResultsQuerySchema,
  TrendQuerySchema,
  TrendSchema,
} from '@anzhi/contracts/dashboards';
import { currentPeriod, parsePeriodKey } from '@anzhi/domain/periods';
import type { RuleKind } from '@anzhi/domain/rules/registry';
import { and, eq } from 'drizzle-orm';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors/app-error';
import { actorOf, requireAuth } from '../../platform/http/access';
import { sites } from '../org/org.table';
import { granting, hasCountyScope } from '../org/scope';
import { serverRuleRegistry } from '../rules/rules.registry';
import { enqueueMonthEvaluation } from './dashboards.job';
import { countyDashboard, homeDashboard, siteDashboard, townshipDashboard, trend } from './dashboards.service';
import { ruleResultPage } from './rule-results.repository';

const read = { access: { permission: 'dashboard.read' as const } };

/** What rule results a viewer may list: every township (null), some townships, or some sites. */
async function resultScope(deps: Deps, auth: AuthState) {
  if (hasCountyScope(auth.assignments, 'dashboard.read')) return { townships: null, siteIds: null };
  const grants = granting(auth.assignments, 'dashboard.read');
  const townships = grants.filter((a) => a.kind === 'township' && a.divisionCode).map((a) => a.divisionCode!);
  if (townships.length > 0) return { townships, siteIds: null };
  const siteIds = grants.filter((a) => a.kind === 'site' && a.siteId).map((a) => a.siteId!);
  if (grants.some((a) => a.kind === 'urban')) {
    const urban = await deps.db
      .select({ id: sites.id })
      .from(sites)
      .where(and(eq(sites.urbanCommunity, true)));
    siteIds.push(...urban.map((s) => s.id));
  }
  return { townships: null, siteIds };
}

export function dashboardsRoutes(deps: Deps): FastifyPluginAsyncZod {
  const tags = ['数据看板'];
  return async (app) => {
    app.get(
      '/dashboards/home',
      {
        config: read,
        schema: {
          tags,
          summary: '本人默认看板（全县、乡镇或安置点）',
          querystring: DashboardQuerySchema,
          response: { 200: DashboardSchema },
        },
      },
      async (req) => homeDashboard(deps, requireAuth(req), req.query.month, req.query),
    );
    app.get(
      '/dashboards/county',
      {
        config: read,
        schema: { tags, summary: '全县看板', querystring: DashboardQuerySchema, response: { 200: DashboardSchema } },
      },
      async (req) => countyDashboard(deps, requireAuth(req), req.query.month, req.query),
    );
    app.get(
      '/dashboards/township/:code',
      {
        config: read,
        schema: {
          tags,
          summary: '乡镇看板',
          params: z.object({ code: z.string().regex(/^\d{12}$/, '乡镇代码应为 12 位数字') }),
          querystring: DashboardQuerySchema,
          response: { 200: DashboardSchema },
        },
      },
      async (req) => townshipDashboard(deps, requireAuth(req), req.params.code, req.query.month, req.query),
    );
    app.get(
      '/dashboards/site/:id',
      {
        config: read,
        schema: {
          tags,
          summary: '安置点看板',
          params: z.object({ id: z.uuid('编号格式不正确') }),
          querystring: DashboardQuerySchema,
          response: { 200: DashboardSchema },
        },
      },
      async (req) => siteDashboard(deps, requireAuth(req), req.params.id, req.query.month),
    );
    app.get(
      '/dashboards/trend',
      {
        config: read,
        schema: { tags, summary: '近 12 个月趋势', querystring: TrendQuerySchema, response: { 200: TrendSchema } },
      },
      async (req) => trend(deps, requireAuth(req), req.query),
    );
    app.get(
      '/rules/results',
      {
        config: read,
        schema: {
          tags: ['规则与阈值'],
          summary: '规则评估结果（按规则、期间、范围筛选，分页）',
          querystring: RuleResultsQuerySchema,
          response: { 200: RuleResultPageSchema },
        },
      },
      async (req) => {
        const auth = requireAuth(req);
        const month = req.query.period ? req.query.period.slice(0, 7) : currentPeriod('month', deps.clock).key;
        try {
          if (parsePeriodKey(month).kind !== 'month') throw new Error();
        } catch {
          throw new AppError('BAD_REQUEST', `期间“${req.query.period ?? ''}”无效，应为 YYYY-MM`);
        }
        if (req.query.ruleId && !serverRuleRegistry.has(req.query.ruleId)) {
          throw new AppError('NOT_FOUND', `规则 ${req.query.ruleId} 不存在`);
        }
        const kinds = new Map<string, RuleKind>(serverRuleRegistry.list().map((r) => [r.id, r.kind]));
        return ruleResultPage(deps.db, { ...req.query, month, kinds, ...(await resultScope(deps, auth)) });
      },
    );
    app.post(
      '/rules/evaluations',
      {
        config: { access: { permission: 'rule.configure' } },
        schema: {
          tags: ['规则与阈值'],
          summary: '立即评估某月的全部规则并刷新看板（后台任务）',
          body: RuleEvaluationInputSchema,
          response: { 202: z.object({ jobId: z.string() }) },
        },
      },
      async (req, reply) =>
        reply.status(202).send(await enqueueMonthEvaluation(deps, requireAuth(req), actorOf(req), req.body)),
    );
  };
}
