import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HouseholdSchema, PersonSchema } from '@anzhi/contracts/registry';
import {
  DataQualityQuerySchema,
  DataQualityReportSchema,
  EmploymentChangeInputSchema,
  HealthChangeInputSchema,
  HouseholdCloseInputSchema,
  HouseholdHistorySchema,
  HouseholdMoveInputSchema,
  HouseholdSplitInputSchema,
  HousingTransactionInputSchema,
  HousingTransactionSchema,
  LabourChangeInputSchema,
  PersonHistorySchema,
  PersonUpdateInputSchema,
  RectifyInputSchema,
  SiteCloseInputSchema,
  SiteEventResultSchema,
  SiteMergeInputSchema,
} from '@anzhi/contracts/registry-events';
import type { Deps } from '../../platform/deps';
import { attachmentAccess } from '../../platform/files/attachment-access';
import { actorOf, requireAuth } from '../../platform/http/access';
import { registryDataQuality } from './data-quality.service';
import { closeHousehold, householdHistory, moveHousehold, splitHousehold } from './household-events.service';
import {
  canSeeHousingTransaction,
  housingTransactionOwnerType,
  rectifyHousingTransaction,
  recordHousingTransaction,
} from './housing-lock.service';
import { changeEmployment, changeHealth, changeLabour, personHistory, updatePerson } from './person-edit.service';
import { closeSite, mergeSite } from './site-events.service';

attachmentAccess.register(housingTransactionOwnerType, (auth, id, deps) => canSeeHousingTransaction(deps, auth, id));

const IdParams = z.object({ id: z.uuid('id 格式不正确') });
const TransactionParams = z.object({ id: z.uuid('id 格式不正确'), transactionId: z.uuid('记录 id 格式不正确') });

/** Household events, person edits and dated facts, the 20-year rule's records, site merge/close, data quality. */
export function registryEventRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const households = ['搬迁户'];
    const persons = ['人员'];
    const read = { access: { permission: 'household.read' as const } };
    const write = { access: { permission: 'household.write' as const } };

    app.post(
      '/households/:id/split',
      {
        config: write,
        schema: {
          tags: households,
          summary: '分户：选定成员于分户日期起另立新户（新户编号），返回新户',
          params: IdParams,
          body: HouseholdSplitInputSchema,
          response: { 201: HouseholdSchema },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await splitHousehold(deps, requireAuth(req), actorOf(req), req.params.id, req.body)),
    );
    app.post(
      '/households/:id/move',
      {
        config: write,
        schema: {
          tags: households,
          summary: '迁移：自迁移日期起安置到其他安置点、乡镇或村（或集中/分散安置互转）',
          params: IdParams,
          body: HouseholdMoveInputSchema,
          response: { 200: HouseholdSchema },
        },
      },
      async (req) => moveHousehold(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/households/:id/close',
      {
        config: write,
        schema: {
          tags: households,
          summary: '注销：自注销日期起不再计入（成员同日离户）',
          params: IdParams,
          body: HouseholdCloseInputSchema,
          response: { 200: HouseholdSchema },
        },
      },
      async (req) => closeHousehold(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/households/:id/history',
      {
        config: read,
        schema: {
          tags: households,
          summary: '户的变动历史：安置期间、分户/迁移/注销等事件、20年禁售期与转让出租记录',
          params: IdParams,
          response: { 200: HouseholdHistorySchema },
        },
      },
      async (req) => householdHistory(deps, requireAuth(req), req.params.id),
    );
    app.post(
      '/households/:id/housing-transactions',
      {
        config: write,
        schema: {
          tags: households,
          summary: '登记安置住房转让、出租、转借（禁售期内即违反 R23，生成整改待办）',
          params: IdParams,
          body: HousingTransactionInputSchema,
          response: { 201: HousingTransactionSchema },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(await recordHousingTransaction(deps, requireAuth(req), actorOf(req), req.params.id, req.body)),
    );
    app.post(
      '/households/:id/housing-transactions/:transactionId/rectify',
      {
        config: write,
        schema: {
          tags: households,
          summary: '整改完成（填写整改情况，关闭整改待办）',
          params: TransactionParams,
          body: RectifyInputSchema,
          response: { 200: HousingTransactionSchema },
        },
      },
      async (req) =>
        rectifyHousingTransaction(
          deps,
          requireAuth(req),
          actorOf(req),
          req.params.id,
          req.params.transactionId,
          req.body,
        ),
    );

    app.patch(
      '/persons/:id',
      {
        config: write,
        schema: {
          tags: persons,
          summary: '修改人员信息（须带读取时的 version；健康、劳动技能、就业按日期变更）',
          params: IdParams,
          body: PersonUpdateInputSchema,
          response: { 200: PersonSchema },
        },
      },
      async (req) => updatePerson(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    const dated = (summary: string) => ({ tags: persons, summary, params: IdParams, response: { 200: PersonSchema } });
    app.post(
      '/persons/:id/health',
      { config: write, schema: { ...dated('健康状况变更（自变更日期起）'), body: HealthChangeInputSchema } },
      async (req) => changeHealth(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/persons/:id/labour',
      { config: write, schema: { ...dated('劳动技能变更（自变更日期起）'), body: LabourChangeInputSchema } },
      async (req) => changeLabour(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/persons/:id/employment',
      { config: write, schema: { ...dated('务工就业变更（自变更日期起）'), body: EmploymentChangeInputSchema } },
      async (req) => changeEmployment(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/persons/:id/history',
      {
        config: read,
        schema: {
          tags: persons,
          summary: '人员的健康、劳动技能、就业历史（按期间）',
          params: IdParams,
          response: { 200: PersonHistorySchema },
        },
      },
      async (req) => personHistory(deps, requireAuth(req), req.params.id),
    );

    const manage = { access: { permission: 'site.manage' as const } };
    app.post(
      '/sites/:id/merge',
      {
        config: manage,
        schema: {
          tags: ['安置点'],
          summary: '安置点合并：本点各户于合并日期迁入目标安置点，本点撤销',
          params: IdParams,
          body: SiteMergeInputSchema,
          response: { 200: SiteEventResultSchema },
        },
      },
      async (req) => mergeSite(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/sites/:id/close',
      {
        config: manage,
        schema: {
          tags: ['安置点'],
          summary: '安置点撤销（仅当已无居住户）',
          params: IdParams,
          body: SiteCloseInputSchema,
          response: { 200: SiteEventResultSchema },
        },
      },
      async (req) => closeSite(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );

    app.get(
      '/data-quality/registry',
      {
        config: read,
        schema: {
          tags: ['数据质量'],
          summary: '户籍数据质量问题（限本人范围，按类型分组计数并分页列出）',
          querystring: DataQualityQuerySchema,
          response: { 200: DataQualityReportSchema },
        },
      },
      async (req) => registryDataQuality(deps, requireAuth(req), req.query),
    );
  };
}
