import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PageSchema } from '@anzhi/contracts/common';
import {
  EliminationStepInputSchema,
  EliminationViewSchema,
  HelpPlanSchema,
  HelpPlanUpdateSchema,
  MeasureCancelSchema,
  MeasureCompleteSchema,
  MeasureInputSchema,
  MeasureListQuerySchema,
  MeasureSchema,
  MeasureUpdateSchema,
  ReflagInputSchema,
  ReflagResultSchema,
  RollbackInputSchema,
} from '@anzhi/contracts/monitoring-help';
import type { Deps } from '../../platform/deps';
import { actorOf, requireAuth } from '../../platform/http/access';
import { getElimination, recordEliminationStep, reflagHousehold, rollbackElimination } from './elimination.service';
import {
  cancelMeasure,
  completeMeasure,
  createMeasure,
  getMeasure,
  getPlan,
  listMeasures,
  updateMeasure,
  updatePlan,
} from './measures.service';

const IdParams = z.object({ id: z.uuid('编号格式不正确') });

/**
 * Help plans and measures (帮扶计划、帮扶措施) and risk elimination (风险消除) of monitoring cases. Procedure and
 * numbers from the national monitoring rules (R07E parameters; posting days from R07).
 */
export function helpRoutes(deps: Deps): FastifyPluginAsyncZod {
  const tags = ['监测帮扶与风险消除'];
  const read = { access: { permission: 'help.read' as const } };
  const write = { access: { permission: 'help.write' as const } };
  return async (app) => {
    app.get(
      '/monitoring/cases/:id/measures',
      {
        config: read,
        schema: {
          tags,
          summary: '一户一方案：帮扶目标、帮扶措施与提示',
          params: IdParams,
          response: { 200: HelpPlanSchema },
        },
      },
      async (req) => getPlan(deps, requireAuth(req), req.params.id),
    );
    app.put(
      '/monitoring/cases/:id/plan',
      {
        config: write,
        schema: {
          tags,
          summary: '修改帮扶目标（caseVersion 过期返回 409）',
          params: IdParams,
          body: HelpPlanUpdateSchema,
          response: { 200: HelpPlanSchema },
        },
      },
      async (req) => updatePlan(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/monitoring/cases/:id/measures',
      {
        config: write,
        schema: {
          tags,
          summary: '新增帮扶措施（客户端 id，重放不重复创建）',
          params: IdParams,
          body: MeasureInputSchema,
          response: { 200: MeasureSchema, 201: MeasureSchema },
        },
      },
      async (req, reply) => {
        const r = await createMeasure(deps, requireAuth(req), actorOf(req), req.params.id, req.body);
        return reply.code(r.created ? 201 : 200).send(r.measure);
      },
    );
    app.get(
      '/monitoring/measures',
      {
        config: read,
        schema: {
          tags,
          summary: '帮扶措施列表（mine=1：我的帮扶措施；可按状态、到期筛选）',
          querystring: MeasureListQuerySchema,
          response: { 200: PageSchema(MeasureSchema) },
        },
      },
      async (req) => listMeasures(deps, requireAuth(req), req.query),
    );
    app.get(
      '/monitoring/measures/:id',
      { config: read, schema: { tags, summary: '一项帮扶措施', params: IdParams, response: { 200: MeasureSchema } } },
      async (req) => getMeasure(deps, requireAuth(req), req.params.id),
    );
    app.patch(
      '/monitoring/measures/:id',
      {
        config: write,
        schema: {
          tags,
          summary: '修改帮扶措施（version 过期返回 409）',
          params: IdParams,
          body: MeasureUpdateSchema,
          response: { 200: MeasureSchema },
        },
      },
      async (req) => updateMeasure(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/monitoring/measures/:id/complete',
      {
        config: write,
        schema: {
          tags,
          summary: '措施落实（日期、成效）',
          params: IdParams,
          body: MeasureCompleteSchema,
          response: { 200: MeasureSchema },
        },
      },
      async (req) => completeMeasure(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/monitoring/measures/:id/cancel',
      {
        config: write,
        schema: {
          tags,
          summary: '取消措施（原因）',
          params: IdParams,
          body: MeasureCancelSchema,
          response: { 200: MeasureSchema },
        },
      },
      async (req) => cancelMeasure(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/monitoring/cases/:id/elimination',
      {
        config: read,
        schema: {
          tags,
          summary: '风险消除：逐项条件评估（达到/未达到及依据数据）与程序步骤',
          params: IdParams,
          response: { 200: EliminationViewSchema },
        },
      },
      async (req) => getElimination(deps, requireAuth(req), req.params.id),
    );
    app.post(
      '/monitoring/cases/:id/elimination/steps',
      {
        config: read,
        schema: {
          tags,
          summary: '登记风险消除步骤（入户核实→村级评议公示→乡镇审核→县级审批；条件未达到返回 422）',
          params: IdParams,
          body: EliminationStepInputSchema,
          response: { 200: EliminationViewSchema },
        },
      },
      async (req) => recordEliminationStep(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/monitoring/cases/:id/elimination/rollback',
      {
        config: { access: { permission: 'elimination.approve' as const } },
        schema: {
          tags,
          summary: '回退已消除户（县级，需填写原因）',
          params: IdParams,
          body: RollbackInputSchema,
          response: { 200: EliminationViewSchema },
        },
      },
      async (req) => rollbackElimination(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/monitoring/cases/:id/reflag',
      {
        config: write,
        schema: {
          tags,
          summary: '再标注：风险已消除户重新纳入识别（新案件关联原案件）',
          params: IdParams,
          body: ReflagInputSchema,
          response: { 201: ReflagResultSchema },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await reflagHousehold(deps, requireAuth(req), actorOf(req), req.params.id, req.body)),
    );
  };
}
