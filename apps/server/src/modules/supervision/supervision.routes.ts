import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PageSchema } from '@anzhi/contracts/common';
import {
  PlanInputSchema,
  PlanItemInputSchema,
  PlanItemSchema,
  PlanRollInputSchema,
  PlanSchema,
  TaskGridQuerySchema,
  TaskGridSchema,
  TaskInstanceDetailSchema,
  TaskInstanceQuerySchema,
  TaskInstanceSchema,
  TaskReportInputSchema,
  TaskReviewInputSchema,
} from '@anzhi/contracts/supervision';
import type { Deps } from '../../platform/deps';
import { attachmentAccess } from '../../platform/files/attachment-access';
import { actorOf, requireAuth } from '../../platform/http/access';
import {
  addPlanItem,
  createPlan,
  getPlan,
  listPlanItems,
  listPlans,
  publishPlan,
  rollPlan,
  updatePlanItem,
} from './plans.service';
import {
  canSeeReport,
  getTaskInstance,
  listTaskInstances,
  reviewInstance,
  submitReport,
  taskGrid,
} from './tasks.service';

const IdParams = z.object({ id: z.uuid('id 格式不正确') });
const ItemParams = z.object({ id: z.uuid('id 格式不正确'), itemId: z.uuid('id 格式不正确') });
const plansTag = ['责任清单'];
const tasksTag = ['责任清单任务'];

// Files attached to a progress report are visible to whoever may see the report's instance.
attachmentAccess.register('task_report', (auth, id, deps) => canSeeReport(deps, auth, id));

export function supervisionRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const read = { access: { permission: 'plan.read' as const } };
    const manage = { access: { permission: 'plan.manage' as const } };

    app.get(
      '/plans',
      {
        config: read,
        schema: { tags: plansTag, summary: '责任清单（按年度）', response: { 200: z.array(PlanSchema) } },
      },
      async () => listPlans(deps),
    );
    app.post(
      '/plans',
      {
        config: manage,
        schema: {
          tags: plansTag,
          summary: '新建责任清单（草稿）',
          body: PlanInputSchema,
          response: { 201: PlanSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await createPlan(deps, actorOf(req), req.body)),
    );
    app.get(
      '/plans/:id',
      {
        config: read,
        schema: { tags: plansTag, summary: '责任清单', params: IdParams, response: { 200: PlanSchema } },
      },
      async (req) => getPlan(deps, req.params.id),
    );
    app.post(
      '/plans/:id/publish',
      {
        config: manage,
        schema: {
          tags: plansTag,
          summary: '发布责任清单（本年度的清单随即生成任务）',
          params: IdParams,
          response: { 200: PlanSchema },
        },
      },
      async (req) => publishPlan(deps, actorOf(req), req.params.id),
    );
    app.post(
      '/plans/:id/roll',
      {
        config: manage,
        schema: {
          tags: plansTag,
          summary: '滚动到新年度（复制全部事项，一次性时限顺延年份）',
          params: IdParams,
          body: PlanRollInputSchema,
          response: { 201: PlanSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await rollPlan(deps, actorOf(req), req.params.id, req.body)),
    );
    app.get(
      '/plans/:id/items',
      {
        config: read,
        schema: { tags: plansTag, summary: '清单事项', params: IdParams, response: { 200: z.array(PlanItemSchema) } },
      },
      async (req) => listPlanItems(deps, req.params.id),
    );
    app.post(
      '/plans/:id/items',
      {
        config: manage,
        schema: {
          tags: plansTag,
          summary: '新增事项',
          params: IdParams,
          body: PlanItemInputSchema,
          response: { 201: PlanItemSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await addPlanItem(deps, actorOf(req), req.params.id, req.body)),
    );
    app.put(
      '/plans/:id/items/:itemId',
      {
        config: manage,
        schema: {
          tags: plansTag,
          summary: '修改事项',
          params: ItemParams,
          body: PlanItemInputSchema,
          response: { 200: PlanItemSchema },
        },
      },
      async (req) => updatePlanItem(deps, actorOf(req), req.params.id, req.params.itemId, req.body),
    );

    const taskRead = { access: { permission: 'task.read' as const } };
    app.get(
      '/task-instances',
      {
        config: taskRead,
        schema: {
          tags: tasksTag,
          summary: '任务（本单位的、牵头事项的；县级全部）',
          querystring: TaskInstanceQuerySchema,
          response: { 200: PageSchema(TaskInstanceSchema) },
        },
      },
      async (req) => listTaskInstances(deps, requireAuth(req), req.query),
    );
    app.get(
      '/task-instances/grid',
      {
        config: taskRead,
        schema: {
          tags: tasksTag,
          summary: '牵头单位视图：事项 × 责任单位',
          querystring: TaskGridQuerySchema,
          response: { 200: TaskGridSchema },
        },
      },
      async (req) => taskGrid(deps, requireAuth(req), req.query.planId, req.query.at),
    );
    app.get(
      '/task-instances/:id',
      {
        config: taskRead,
        schema: {
          tags: tasksTag,
          summary: '任务及报送记录',
          params: IdParams,
          response: { 200: TaskInstanceDetailSchema },
        },
      },
      async (req) => getTaskInstance(deps, requireAuth(req), req.params.id),
    );
    app.post(
      '/task-instances/:id/reports',
      {
        config: { access: { permission: 'task.report' } },
        schema: {
          tags: tasksTag,
          summary: '报送进展或提交审核（责任单位）',
          params: IdParams,
          body: TaskReportInputSchema,
          response: { 200: TaskInstanceDetailSchema },
        },
      },
      async (req) => submitReport(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/task-instances/:id/review',
      {
        config: { access: { permission: 'task.review' } },
        schema: {
          tags: tasksTag,
          summary: '审核：通过或退回（牵头单位）',
          params: IdParams,
          body: TaskReviewInputSchema,
          response: { 200: TaskInstanceDetailSchema },
        },
      },
      async (req) => reviewInstance(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
  };
}
