import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PageSchema } from '@anzhi/contracts/common';
import {
  OriginContactInputSchema,
  OriginContactListSchema,
  PairingCadreListSchema,
  PairingHandoverInputSchema,
  PairingHandoverResultSchema,
  PairingInputSchema,
  PairingOverviewItemSchema,
  PairingOverviewQuerySchema,
} from '@anzhi/contracts/pairings';
import type { Deps } from '../../platform/deps';
import { actorOf, requireAuth } from '../../platform/http/access';
import {
  createPairing,
  endPairing,
  handOverPairings,
  householdPairings,
  listCadres,
  listPairingOverview,
} from './pairings.service';
import { createOriginContact, deleteOriginContact, listOriginContacts } from './origin-contacts.service';

const IdParams = z.object({ id: z.uuid('编号格式不正确') });

/** Two-way help pairing (`/pairings`). */
export function pairingsRoutes(deps: Deps): FastifyPluginAsyncZod {
  const tags = ['双向结对帮扶'];
  const read = { access: { permission: 'pairing.read' as const } };
  const manage = { access: { permission: 'pairing.manage' as const } };
  return async (app) => {
    app.get(
      '/pairings',
      {
        config: read,
        schema: {
          tags,
          summary: '结对情况（默认监测户；gap=none 为“两不管”，destination_only/origin_only 为单向结对）',
          querystring: PairingOverviewQuerySchema,
          response: { 200: PageSchema(PairingOverviewItemSchema) },
        },
      },
      async (req) => listPairingOverview(deps, requireAuth(req), req.query),
    );
    app.get(
      '/pairings/cadres',
      {
        config: manage,
        schema: { tags, summary: '可结对的帮扶干部、迁出地村干部', response: { 200: PairingCadreListSchema } },
      },
      async () => ({ items: await listCadres(deps) }),
    );
    app.get(
      '/pairings/households/:id',
      {
        config: read,
        schema: { tags, summary: '一户的结对情况', params: IdParams, response: { 200: PairingOverviewItemSchema } },
      },
      async (req) => householdPairings(deps, requireAuth(req), req.params.id),
    );
    app.post(
      '/pairings',
      {
        config: manage,
        schema: {
          tags,
          summary: '为一户结对安置地或迁出地帮扶干部（已有他人结对时替换，自今日起）',
          body: PairingInputSchema,
          response: { 201: PairingOverviewItemSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await createPairing(deps, requireAuth(req), actorOf(req), req.body)),
    );
    app.post(
      '/pairings/:id/end',
      {
        config: manage,
        schema: {
          tags,
          summary: '解除结对（自今日起）',
          params: IdParams,
          response: { 200: PairingOverviewItemSchema },
        },
      },
      async (req) => endPairing(deps, requireAuth(req), actorOf(req), req.params.id),
    );
    app.post(
      '/pairings/handover',
      {
        config: manage,
        schema: {
          tags,
          summary: '将一名帮扶干部的全部结对户移交给另一名干部（本人管辖范围内，留痕）',
          body: PairingHandoverInputSchema,
          response: { 200: PairingHandoverResultSchema },
        },
      },
      async (req) => handOverPairings(deps, requireAuth(req), actorOf(req), req.body),
    );
    app.get(
      '/pairings/origin-contacts',
      {
        config: read,
        schema: {
          tags,
          summary: '安置点的迁出地村干部联系表（电话脱敏）',
          querystring: z.object({ siteId: z.uuid('请选择安置点') }),
          response: { 200: OriginContactListSchema },
        },
      },
      async (req) => ({ items: await listOriginContacts(deps, requireAuth(req), req.query.siteId) }),
    );
    app.post(
      '/pairings/origin-contacts',
      {
        config: manage,
        schema: {
          tags,
          summary: '新增迁出地村干部联系人',
          body: OriginContactInputSchema,
          response: { 201: OriginContactListSchema },
        },
      },
      async (req, reply) =>
        reply.code(201).send({ items: await createOriginContact(deps, requireAuth(req), actorOf(req), req.body) }),
    );
    app.delete(
      '/pairings/origin-contacts/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: '删除迁出地村干部联系人',
          params: IdParams,
          response: { 200: OriginContactListSchema },
        },
      },
      async (req) => ({ items: await deleteOriginContact(deps, requireAuth(req), actorOf(req), req.params.id) }),
    );
  };
}
