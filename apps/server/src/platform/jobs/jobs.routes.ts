import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PageSchema } from '@anzhi/contracts/common';
import { z } from 'zod';
import {
  DemoJobInputSchema,
  JobIdParamsSchema,
  JobKindSchema,
  JobListQuerySchema,
  JobSchema,
} from '@anzhi/contracts/jobs';
import type { Deps } from '../deps';
import { actorOf, requireAuth } from '../http/access';
import type { JobRegistry } from './job-definition';
import { appJobRegistry } from './job-kinds';
import { cancelJob, enqueueDemoJob, getJobFor, listJobKinds, listJobsFor, retryJob } from './jobs.service';

export function jobsRoutes(deps: Deps, registry: JobRegistry = appJobRegistry): FastifyPluginAsyncZod {
  const tags = ['后台任务'];
  return async (app) => {
    app.get(
      '/jobs',
      {
        config: { access: { permission: 'job.read' } },
        schema: {
          tags,
          summary: '后台任务列表（按状态、类型筛选）',
          querystring: JobListQuerySchema,
          response: { 200: PageSchema(JobSchema) },
        },
      },
      async (req) => listJobsFor(deps, registry, requireAuth(req), req.query),
    );
    app.get(
      '/jobs/kinds',
      {
        config: { access: { permission: 'job.read' } },
        schema: { tags, summary: '本服务运行的后台任务类型', response: { 200: z.array(JobKindSchema) } },
      },
      async () => listJobKinds(registry),
    );
    app.get(
      '/jobs/:id',
      {
        // Whoever started a job follows its progress; `job.read` sees every job (checked in the service).
        config: { access: { signedIn: true } },
        schema: { tags, summary: '后台任务详情与进度', params: JobIdParamsSchema, response: { 200: JobSchema } },
      },
      async (req) => getJobFor(deps, registry, requireAuth(req), req.params.id),
    );
    app.post(
      '/jobs/:id/cancel',
      {
        // The job's creator or `job.manage` (checked in the service).
        config: { access: { signedIn: true } },
        schema: { tags, summary: '取消后台任务', params: JobIdParamsSchema, response: { 200: JobSchema } },
      },
      async (req) => cancelJob(deps, registry, requireAuth(req), actorOf(req), req.params.id),
    );
    app.post(
      '/jobs/:id/retry',
      {
        config: { access: { permission: 'job.manage' } },
        schema: { tags, summary: '重试失败的后台任务', params: JobIdParamsSchema, response: { 200: JobSchema } },
      },
      async (req) => retryJob(deps, registry, requireAuth(req), actorOf(req), req.params.id),
    );
    app.post(
      '/jobs/demo',
      {
        config: { access: { permission: 'job.manage' } },
        schema: {
          tags,
          summary: '运行演示任务（计数，带进度）',
          body: DemoJobInputSchema,
          response: { 201: JobSchema },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await enqueueDemoJob(deps, registry, requireAuth(req), actorOf(req), req.body)),
    );
  };
}
