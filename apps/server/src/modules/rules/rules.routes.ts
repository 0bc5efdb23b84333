import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  RuleIdParamsSchema,
  RuleListSchema,
  RuleParameterHistorySchema,
  RuleParameterSetSchema,
  RuleParametersUpdateInputSchema,
  RuleRunListSchema,
  RuleRunsQuerySchema,
} from '@anzhi/contracts/rules';
import { actorOf, requireAuth } from '../../platform/http/access';
import { listRules, listRuns, parameterHistory, updateParameters, type RulesDeps } from './rules.service';

export function rulesRoutes(deps: RulesDeps): FastifyPluginAsyncZod {
  const tags = ['规则与阈值'];
  return async (app) => {
    app.get(
      '/rules',
      {
        config: { access: { permission: 'rule.read' } },
        schema: { tags, summary: '已登记的规则及其当前参数', response: { 200: RuleListSchema } },
      },
      async (req) => listRules(deps, requireAuth(req).permissions),
    );
    app.get(
      '/rules/:id/parameters',
      {
        config: { access: { permission: 'rule.read' } },
        schema: {
          tags,
          summary: '规则参数的历史版本',
          params: RuleIdParamsSchema,
          response: { 200: RuleParameterHistorySchema },
        },
      },
      async (req) => parameterHistory(deps, req.params.id),
    );
    app.put(
      '/rules/:id/parameters',
      {
        config: { access: { permission: 'rule.configure' } },
        schema: {
          tags,
          summary: '修改规则参数（生成新版本，原版本保留）',
          params: RuleIdParamsSchema,
          body: RuleParametersUpdateInputSchema,
          response: { 200: RuleParameterSetSchema },
        },
      },
      async (req) => updateParameters(deps, actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/rules/:id/runs',
      {
        config: { access: { permission: 'rule.read' } },
        schema: {
          tags,
          summary: '规则最近的评估记录',
          params: RuleIdParamsSchema,
          querystring: RuleRunsQuerySchema,
          response: { 200: RuleRunListSchema },
        },
      },
      async (req) => listRuns(deps, req.params.id, req.query.limit),
    );
  };
}
