import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PageSchema } from '@anzhi/contracts/common';
import {
  AsOfQuerySchema,
  HouseholdCreateInputSchema,
  HouseholdListItemSchema,
  HouseholdQuerySchema,
  HouseholdSchema,
  HouseholdUpdateInputSchema,
  MemberJoinInputSchema,
  MemberLeaveInputSchema,
  PersonLookupInputSchema,
  PersonSchema,
  RevealInputSchema,
  RevealResultSchema,
} from '@anzhi/contracts/registry';
import type { Deps } from '../../platform/deps';
import { actorOf, requireAuth } from '../../platform/http/access';
import { createHousehold, deleteHousehold, getHousehold, updateHousehold } from './households.service';
import { listHouseholds } from './registry-lists.service';
import { joinMember, leaveMember } from './members.service';
import { getPerson, lookupPerson, revealPerson } from './persons.service';

const IdParams = z.object({ id: z.uuid('id 格式不正确') });
const MemberParams = z.object({ id: z.uuid('id 格式不正确'), personId: z.uuid('人员 id 格式不正确') });

export function registryRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const households = ['搬迁户'];
    const persons = ['人员'];
    const read = { access: { permission: 'household.read' as const } };
    const write = { access: { permission: 'household.write' as const } };

    app.get(
      '/households',
      {
        config: read,
        schema: {
          tags: households,
          summary:
            '搬迁户列表（限本人范围；按乡镇、安置点、户类别、安置方式、监测状态、劳动技能、就业情况、户编号或户主姓名查询，可排序）',
          querystring: HouseholdQuerySchema,
          response: { 200: PageSchema(HouseholdListItemSchema) },
        },
      },
      async (req) => listHouseholds(deps, requireAuth(req), req.query),
    );
    app.get(
      '/households/:id',
      {
        config: read,
        schema: {
          tags: households,
          summary: '搬迁户详情（成员按 asOf 日期，默认今天）',
          params: IdParams,
          querystring: AsOfQuerySchema,
          response: { 200: HouseholdSchema },
        },
      },
      async (req) => getHousehold(deps, requireAuth(req), req.params.id, req.query.asOf),
    );
    app.post(
      '/households',
      {
        config: write,
        schema: {
          tags: households,
          summary: '登记搬迁户（含成员；可带客户端 id，重复提交不重复登记）',
          body: HouseholdCreateInputSchema,
          response: { 201: HouseholdSchema },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await createHousehold(deps, requireAuth(req), actorOf(req), req.body)),
    );
    app.patch(
      '/households/:id',
      {
        config: write,
        schema: {
          tags: households,
          summary: '修改搬迁户信息（须带读取时的 version）',
          params: IdParams,
          body: HouseholdUpdateInputSchema,
          response: { 200: HouseholdSchema },
        },
      },
      async (req) => updateHousehold(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    app.delete(
      '/households/:id',
      {
        config: write,
        schema: { tags: households, summary: '删除误登记的搬迁户（留痕）', params: IdParams },
      },
      async (req, reply) => {
        await deleteHousehold(deps, requireAuth(req), actorOf(req), req.params.id);
        return reply.status(204).send();
      },
    );
    app.post(
      '/households/:id/members',
      {
        config: write,
        schema: {
          tags: households,
          summary: '成员入户（新登记人员或已登记人员，按日期）',
          params: IdParams,
          body: MemberJoinInputSchema,
          response: { 200: HouseholdSchema },
        },
      },
      async (req) => joinMember(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/households/:id/members/:personId/leave',
      {
        config: write,
        schema: {
          tags: households,
          summary: '成员离户（死亡、婚出、分户、其他，按日期）',
          params: MemberParams,
          body: MemberLeaveInputSchema,
          response: { 200: HouseholdSchema },
        },
      },
      async (req) => leaveMember(deps, requireAuth(req), actorOf(req), req.params.id, req.params.personId, req.body),
    );

    app.get(
      '/persons/:id',
      {
        config: read,
        schema: {
          tags: persons,
          summary: '人员详情（号码脱敏，显示年龄）',
          params: IdParams,
          response: { 200: PersonSchema },
        },
      },
      async (req) => getPerson(deps, requireAuth(req), req.params.id),
    );
    // '::' escapes the colon: the path is /persons:lookup (a custom method, not a parameter).
    app.post(
      '/persons::lookup',
      {
        config: read,
        schema: {
          tags: persons,
          summary: '按身份证号码精确查找人员（限本人范围）',
          body: PersonLookupInputSchema,
          response: { 200: PersonSchema },
        },
      },
      async (req) => lookupPerson(deps, requireAuth(req), req.body.idNumber),
    );
    app.post(
      '/persons/:id/reveal',
      {
        config: { access: { permission: 'person.reveal' } },
        schema: {
          tags: persons,
          summary: '查看完整身份证号码或电话号码（须填写原因，留痕）',
          params: IdParams,
          body: RevealInputSchema,
          response: { 200: RevealResultSchema },
        },
      },
      async (req) => revealPerson(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
  };
}
