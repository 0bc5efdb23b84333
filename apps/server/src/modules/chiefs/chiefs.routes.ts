import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ChiefAssignmentInputSchema,
  ChiefAssignmentListSchema,
  ChiefAssignmentQuerySchema,
  ChiefAssignmentSchema,
  ChiefAssignmentUpdateSchema,
  ChiefOverviewSchema,
  ChiefReportInputSchema,
  ChiefReportQuerySchema,
  ChiefReportSchema,
  ChiefRuleRunInputSchema,
  ChiefVisitInputSchema,
  ChiefVisitQuerySchema,
  ChiefVisitSchema,
} from '@anzhi/contracts/chiefs';
import { PageSchema } from '@anzhi/contracts/common';
import type { Deps } from '../../platform/deps';
import { attachmentAccess } from '../../platform/files/attachment-access';
import { actorOf, requireAuth } from '../../platform/http/access';
import { enqueueChiefRuleRun } from './chief-rules.job';
import { chiefOverview } from './chief-rules.service';
import {
  canSeeReport,
  canSeeVisit,
  changeChiefAssignment,
  createChiefAssignment,
  createChiefReport,
  createChiefVisit,
  getChiefAssignment,
  getChiefReport,
  getChiefVisit,
  listChiefAssignments,
  listChiefReports,
  listChiefVisits,
} from './chiefs.service';

const IdParams = z.object({ id: z.uuid('编号格式不正确') });

attachmentAccess.register('chief_visit', (auth, id, deps) => canSeeVisit(deps, auth, id));
attachmentAccess.register('chief_report', (auth, id, deps) => canSeeReport(deps, auth, id));

export function chiefsRoutes(deps: Deps): FastifyPluginAsyncZod {
  const tags = ['点长制'];
  const read = { access: { permission: 'chief.read' as const } };
  return async (app) => {
    app.get(
      '/site-chiefs',
      {
        config: read,
        schema: {
          tags,
          summary: '点长、总点长任命（含帮扶规划、职责、任务清单）',
          querystring: ChiefAssignmentQuerySchema,
          response: { 200: ChiefAssignmentListSchema },
        },
      },
      async (req) => ({ items: await listChiefAssignments(deps, requireAuth(req), req.query) }),
    );
    app.get(
      '/site-chiefs/overview',
      {
        config: read,
        schema: {
          tags,
          summary: '本月走访差距与本半年汇报情况（R01/R02，限本人范围）',
          querystring: z.object({ month: z.string().optional() }),
          response: { 200: ChiefOverviewSchema },
        },
      },
      async (req) => chiefOverview(deps, requireAuth(req), req.query.month),
    );
    app.post(
      '/site-chiefs/rule-runs',
      {
        config: { access: { permission: 'chief.manage' } },
        schema: {
          tags,
          summary: '评估 R01/R02 并保存结果（后台任务）',
          body: ChiefRuleRunInputSchema,
          response: { 202: z.object({ jobId: z.string() }) },
        },
      },
      async (req, reply) =>
        reply.status(202).send(await enqueueChiefRuleRun(deps, requireAuth(req), actorOf(req), req.body)),
    );
    app.get(
      '/site-chiefs/:id',
      {
        config: read,
        schema: { tags, summary: '任命详情', params: IdParams, response: { 200: ChiefAssignmentSchema } },
      },
      async (req) => getChiefAssignment(deps, requireAuth(req), req.params.id),
    );
    app.post(
      '/site-chiefs',
      {
        config: { access: { permission: 'chief.manage' } },
        schema: {
          tags,
          summary: '任命点长或总点长（沿用或新建对应的角色分配）',
          body: ChiefAssignmentInputSchema,
          response: { 201: ChiefAssignmentSchema },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await createChiefAssignment(deps, requireAuth(req), actorOf(req), req.body)),
    );
    app.patch(
      '/site-chiefs/:id',
      {
        config: read,
        schema: {
          tags,
          summary: '修改任期、帮扶规划、职责或任务清单（点长本人可改规划与任务）',
          params: IdParams,
          body: ChiefAssignmentUpdateSchema,
          response: { 200: ChiefAssignmentSchema },
        },
      },
      async (req) => changeChiefAssignment(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );

    app.get(
      '/chief-visits',
      {
        config: read,
        schema: {
          tags,
          summary: '点长走访（调研指导）记录',
          querystring: ChiefVisitQuerySchema,
          response: { 200: PageSchema(ChiefVisitSchema) },
        },
      },
      async (req) => listChiefVisits(deps, requireAuth(req), req.query),
    );
    app.get(
      '/chief-visits/:id',
      {
        config: read,
        schema: { tags, summary: '走访记录详情', params: IdParams, response: { 200: ChiefVisitSchema } },
      },
      async (req) => getChiefVisit(deps, requireAuth(req), req.params.id),
    );
    app.post(
      '/chief-visits',
      {
        config: { access: { permission: 'chief.visit.write' } },
        schema: {
          tags,
          summary: '登记走访（日期、发现和解决的问题、跟进事项、附件）',
          body: ChiefVisitInputSchema,
          response: { 201: ChiefVisitSchema },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await createChiefVisit(deps, requireAuth(req), actorOf(req), req.body)),
    );

    app.get(
      '/chief-reports',
      {
        config: read,
        schema: {
          tags,
          summary: '总点长听取点长工作汇报记录',
          querystring: ChiefReportQuerySchema,
          response: { 200: PageSchema(ChiefReportSchema) },
        },
      },
      async (req) => listChiefReports(deps, requireAuth(req), req.query),
    );
    app.get(
      '/chief-reports/:id',
      {
        config: read,
        schema: { tags, summary: '汇报记录详情', params: IdParams, response: { 200: ChiefReportSchema } },
      },
      async (req) => getChiefReport(deps, requireAuth(req), req.params.id),
    );
    app.post(
      '/chief-reports',
      {
        config: { access: { permission: 'chief.report.write' } },
        schema: {
          tags,
          summary: '登记总点长听取点长汇报（日期、点长、安置点、摘要、附件）',
          body: ChiefReportInputSchema,
          response: { 201: ChiefReportSchema },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await createChiefReport(deps, requireAuth(req), actorOf(req), req.body)),
    );
  };
}
