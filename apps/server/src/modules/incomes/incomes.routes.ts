import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PageSchema } from '@anzhi/contracts/common';
import {
  HouseholdIncomeSchema,
  IncomeInputSchema,
  IncomeLineInputSchema,
  IncomeLineListSchema,
  IncomeLineQuerySchema,
  IncomeLineSchema,
  IncomeLineUpdateSchema,
  IncomeListItemSchema,
  IncomeListQuerySchema,
  IncomeUpdateSchema,
} from '@anzhi/contracts/incomes';
import type { Deps } from '../../platform/deps';
import { actorOf, requireAuth } from '../../platform/http/access';
import { sendWorkbook } from '../registry/registry-views.routes';
import { exportIncomes } from './incomes-export';
import {
  changeIncome,
  changeLine,
  createIncome,
  createLine,
  getIncome,
  listIncomeItems,
  listLines,
} from './incomes.service';

const IdParams = z.object({ id: z.uuid('编号格式不正确') });

/** Yearly household income (`/incomes`) and the monitoring lines (`/settings/income-lines`). */
export function incomesRoutes(deps: Deps): FastifyPluginAsyncZod {
  const tags = ['年度收入'];
  const read = { access: { permission: 'income.read' as const } };
  const write = { access: { permission: 'income.write' as const } };
  const lines = { access: { permission: 'income_line.manage' as const } };
  return async (app) => {
    app.get(
      '/settings/income-lines',
      {
        config: { access: { signedIn: true } },
        schema: {
          tags,
          summary: '防返贫监测线（按年度；县默认，乡镇可单独设置）',
          querystring: IncomeLineQuerySchema,
          response: { 200: IncomeLineListSchema },
        },
      },
      async (req) => ({ items: await listLines(deps, req.query.year) }),
    );
    app.post(
      '/settings/income-lines',
      {
        config: lines,
        schema: {
          tags,
          summary: '设置某年度某区划的监测线',
          body: IncomeLineInputSchema,
          response: { 201: IncomeLineSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await createLine(deps, actorOf(req), req.body)),
    );
    app.patch(
      '/settings/income-lines/:id',
      {
        config: lines,
        schema: {
          tags,
          summary: '修改监测线（version 过期返回 409）',
          params: IdParams,
          body: IncomeLineUpdateSchema,
          response: { 200: IncomeLineSchema },
        },
      },
      async (req) => changeLine(deps, actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/incomes',
      {
        config: read,
        schema: {
          tags,
          summary: '某年度搬迁户收入名单（含未采集户；可按乡镇、安置点、低于监测线、临界等筛选）',
          querystring: IncomeListQuerySchema,
          response: { 200: PageSchema(IncomeListItemSchema) },
        },
      },
      async (req) => listIncomeItems(deps, requireAuth(req), req.query),
    );
    app.get(
      '/incomes/export.xlsx',
      {
        config: read,
        schema: {
          tags,
          summary: '导出年度收入采集表（筛选同列表，留痕）',
          querystring: IncomeListQuerySchema.omit({ page: true, pageSize: true }),
        },
      },
      async (req, reply) => sendWorkbook(reply, await exportIncomes(deps, requireAuth(req), actorOf(req), req.query)),
    );
    app.get(
      '/incomes/:id',
      {
        config: read,
        schema: { tags, summary: '一户一年的收入', params: IdParams, response: { 200: HouseholdIncomeSchema } },
      },
      async (req) => getIncome(deps, requireAuth(req), req.params.id),
    );
    app.post(
      '/incomes',
      {
        config: write,
        schema: {
          tags,
          summary: '采集一户一年的收入（按收入构成；人均纯收入自动计算）',
          body: IncomeInputSchema,
          response: { 201: HouseholdIncomeSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await createIncome(deps, requireAuth(req), actorOf(req), req.body)),
    );
    app.patch(
      '/incomes/:id',
      {
        config: write,
        schema: {
          tags,
          summary: '修改年度收入（version 过期返回 409）',
          params: IdParams,
          body: IncomeUpdateSchema,
          response: { 200: HouseholdIncomeSchema },
        },
      },
      async (req) => changeIncome(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
  };
}
