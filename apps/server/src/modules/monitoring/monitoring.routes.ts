import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PageSchema } from '@anzhi/contracts/common';
import {
  CaseDetailSchema,
  CaseQuerySchema,
  CaseSchema,
  CaseStartInputSchema,
  CaseStepInputSchema,
  CaseStepSchema,
  ClueDismissInputSchema,
  ClueInputSchema,
  ClueQuerySchema,
  ClueSchema,
} from '@anzhi/contracts/monitoring';
import type { Deps } from '../../platform/deps';
import { attachmentAccess } from '../../platform/files/attachment-access';
import { actorOf, requireAuth } from '../../platform/http/access';
import { getCaseDetail, listCasesInScope, startCase } from './cases.service';
import { dismissClue, getClue, listCluesInScope, recordClue } from './clues.service';
import { paperKinds, renderPaper } from './identification.papers';
import { recordIdentificationStep, stepAttachmentOwner } from './identification.service';
import { monitoringCaseSteps } from './monitoring.table';
import { eq } from 'drizzle-orm';

const IdParams = z.object({ id: z.uuid('编号格式不正确') });

attachmentAccess.register(stepAttachmentOwner, async (auth, id, deps) => {
  const [step] = await deps.db
    .select({ caseId: monitoringCaseSteps.caseId })
    .from(monitoringCaseSteps)
    .where(eq(monitoringCaseSteps.id, id));
  if (!step) return false;
  try {
    await getCaseDetail(deps, auth, step.caseId);
    return true;
  } catch {
    return false;
  }
});

/** 防返贫监测: risk clues, cases and identification (M1). Help plans and elimination: help.routes.ts. */
export function monitoringRoutes(deps: Deps): FastifyPluginAsyncZod {
  const tags = ['防返贫监测'];
  const read = { access: { permission: 'monitoring.read' as const } };
  const clueWrite = { access: { permission: 'monitoring.clue.write' as const } };
  return async (app) => {
    app.get(
      '/monitoring/clues',
      {
        config: read,
        schema: {
          tags,
          summary: '风险线索（按状态、来源、乡镇、安置点、月份筛选，限本人范围）',
          querystring: ClueQuerySchema,
          response: { 200: PageSchema(ClueSchema) },
        },
      },
      async (req) => listCluesInScope(deps, requireAuth(req), req.query),
    );
    app.post(
      '/monitoring/clues',
      {
        config: clueWrite,
        schema: {
          tags,
          summary: '登记农户自主申报或干部排查线索（客户端生成 id，重复提交不会重复登记）',
          body: ClueInputSchema,
          response: { 200: ClueSchema, 201: ClueSchema },
        },
      },
      async (req, reply) => {
        const { clue, created } = await recordClue(deps, requireAuth(req), actorOf(req), req.body);
        return reply.code(created ? 201 : 200).send(clue);
      },
    );
    app.get(
      '/monitoring/clues/:id',
      { config: read, schema: { tags, summary: '一条风险线索', params: IdParams, response: { 200: ClueSchema } } },
      async (req) => getClue(deps, requireAuth(req), req.params.id),
    );
    app.post(
      '/monitoring/clues/:id/dismiss',
      {
        config: clueWrite,
        schema: {
          tags,
          summary: '排除线索（填写原因）',
          params: IdParams,
          body: ClueDismissInputSchema,
          response: { 200: ClueSchema },
        },
      },
      async (req) => dismissClue(deps, requireAuth(req), actorOf(req), req.params.id, req.body.reason),
    );
    app.get(
      '/monitoring/cases',
      {
        config: read,
        schema: {
          tags,
          summary: '监测对象（识别中、未纳入、监测帮扶中、风险已消除；含识别时限）',
          querystring: CaseQuerySchema,
          response: { 200: PageSchema(CaseSchema) },
        },
      },
      async (req) => listCasesInScope(deps, requireAuth(req), req.query),
    );
    app.post(
      '/monitoring/cases',
      {
        config: clueWrite,
        schema: {
          tags,
          summary: '从线索启动识别（该户其他待处理线索一并并入）',
          body: CaseStartInputSchema,
          response: { 200: CaseDetailSchema, 201: CaseDetailSchema },
        },
      },
      async (req, reply) => {
        const { detail, created } = await startCase(deps, requireAuth(req), actorOf(req), req.body);
        return reply.code(created ? 201 : 200).send(detail);
      },
    );
    app.get(
      '/monitoring/cases/:id',
      {
        config: read,
        schema: {
          tags,
          summary: '一个监测案件（线索、识别步骤、时限）',
          params: IdParams,
          response: { 200: CaseDetailSchema },
        },
      },
      async (req) => getCaseDetail(deps, requireAuth(req), req.params.id),
    );
    app.get(
      '/monitoring/cases/:id/steps',
      {
        config: read,
        schema: { tags, summary: '案件的识别与消除步骤', params: IdParams, response: { 200: z.array(CaseStepSchema) } },
      },
      async (req) => (await getCaseDetail(deps, requireAuth(req), req.params.id)).steps,
    );
    app.post(
      '/monitoring/cases/:id/steps',
      {
        // Each step needs its own permission (checked in the service): 入户核实/信息比对/村级评议 monitoring.verify,
        // 乡镇审核 monitoring.township_review, 县级审批/公告/建档 monitoring.county_approve.
        config: read,
        schema: {
          tags,
          summary: '登记识别步骤（按顺序；version 过期 409；建档时选择监测类别和风险类型）',
          params: IdParams,
          body: CaseStepInputSchema,
          response: { 200: CaseDetailSchema },
        },
      },
      async (req) => recordIdentificationStep(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/monitoring/cases/:id/papers/:paper',
      {
        config: read,
        schema: {
          tags,
          summary: '打印材料：入户核实表（verification）、公示名单（posting）、结果公告（announcement）',
          params: z.object({ id: z.uuid('编号格式不正确'), paper: z.enum(paperKinds) }),
        },
      },
      async (req, reply) => {
        const detail = await getCaseDetail(deps, requireAuth(req), req.params.id);
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(renderPaper(req.params.paper, detail));
      },
    );
  };
}
