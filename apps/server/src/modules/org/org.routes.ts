import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PageSchema } from '@anzhi/contracts/common';
import {
  DivisionAliasInputSchema,
  DivisionAliasSchema,
  DivisionQuerySchema,
  DivisionSchema,
  HomeSummarySchema,
  SiteInputSchema,
  SiteQuerySchema,
  SiteSchema,
  SiteUpdateSchema,
  UnitAliasInputSchema,
  UnitInputSchema,
  UnitSchema,
} from '@anzhi/contracts/org';
import type { Deps } from '../../platform/deps';
import { actorOf, requireAuth } from '../../platform/http/access';
import { addDivisionAlias, listDivisionAliases, listDivisions } from './divisions.service';
import { homeSummary } from './home.service';
import { createSite, getSite, listSites, updateSite } from './sites.service';
import { addUnitAlias, createUnit, listUnits } from './units.service';

const IdParams = z.object({ id: z.uuid('id 格式不正确') });

export function orgRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const signedIn = { access: { signedIn: true as const } };

    app.get(
      '/divisions',
      {
        config: signedIn,
        schema: {
          tags: ['行政区划'],
          summary: '行政区划（按上级、层级或名称查询）',
          querystring: DivisionQuerySchema,
          response: { 200: z.array(DivisionSchema) },
        },
      },
      async (req) => listDivisions(deps, req.query),
    );
    app.get(
      '/divisions/aliases',
      {
        config: signedIn,
        schema: { tags: ['行政区划'], summary: '旧名称别名表', response: { 200: z.array(DivisionAliasSchema) } },
      },
      async () => listDivisionAliases(deps),
    );
    app.post(
      '/divisions/aliases',
      {
        config: { access: { permission: 'division.manage' } },
        schema: {
          tags: ['行政区划'],
          summary: '登记旧名称别名',
          body: DivisionAliasInputSchema,
          response: { 201: DivisionAliasSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await addDivisionAlias(deps, actorOf(req), req.body)),
    );

    app.get(
      '/units',
      { config: signedIn, schema: { tags: ['单位'], summary: '单位及别名', response: { 200: z.array(UnitSchema) } } },
      async () => listUnits(deps),
    );
    app.post(
      '/units',
      {
        config: { access: { permission: 'unit.manage' } },
        schema: { tags: ['单位'], summary: '新建单位', body: UnitInputSchema, response: { 201: UnitSchema } },
      },
      async (req, reply) => reply.status(201).send(await createUnit(deps, actorOf(req), req.body)),
    );
    app.post(
      '/units/:id/aliases',
      {
        config: { access: { permission: 'unit.manage' } },
        schema: {
          tags: ['单位'],
          summary: '登记单位别名',
          params: IdParams,
          body: UnitAliasInputSchema,
          response: { 200: UnitSchema },
        },
      },
      async (req) => addUnitAlias(deps, actorOf(req), req.params.id, req.body.alias),
    );

    app.get(
      '/sites',
      {
        config: { access: { permission: 'site.read' } },
        schema: {
          tags: ['安置点'],
          summary: '安置点（限本人范围）',
          querystring: SiteQuerySchema,
          response: { 200: PageSchema(SiteSchema) },
        },
      },
      async (req) => listSites(deps, requireAuth(req), req.query),
    );
    app.get(
      '/sites/:id',
      {
        config: { access: { permission: 'site.read' } },
        schema: { tags: ['安置点'], summary: '安置点详情', params: IdParams, response: { 200: SiteSchema } },
      },
      async (req) => getSite(deps, requireAuth(req), req.params.id),
    );
    app.post(
      '/sites',
      {
        config: { access: { permission: 'site.manage' } },
        schema: { tags: ['安置点'], summary: '新建安置点', body: SiteInputSchema, response: { 201: SiteSchema } },
      },
      async (req, reply) => reply.status(201).send(await createSite(deps, requireAuth(req), actorOf(req), req.body)),
    );
    app.patch(
      '/sites/:id',
      {
        config: { access: { permission: 'site.manage' } },
        schema: {
          tags: ['安置点'],
          summary: '修改安置点',
          params: IdParams,
          body: SiteUpdateSchema,
          response: { 200: SiteSchema },
        },
      },
      async (req) => updateSite(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );

    app.get(
      '/home/summary',
      {
        config: signedIn,
        schema: { tags: ['首页'], summary: '首页：本人范围内的数量', response: { 200: HomeSummarySchema } },
      },
      async (req) => homeSummary(deps, requireAuth(req)),
    );
  };
}
