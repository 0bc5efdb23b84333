import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AssessmentComputeInputSchema,
  AssessmentEvidenceListSchema,
  AssessmentEvidenceQuerySchema,
  AssessmentResultSchema,
  AssessmentWeightsInputSchema,
  AssessmentWeightsSchema,
  AssessmentYearListSchema,
  ExperienceMarkInputSchema,
  ExperienceReportInputSchema,
  ExperienceReportPageSchema,
  ExperienceReportQuerySchema,
  ExperienceReportSchema,
} from '@anzhi/contracts/assessment';
import type { Deps } from '../../platform/deps';
import { attachmentAccess } from '../../platform/files/attachment-access';
import { actorOf, requireAuth } from '../../platform/http/access';
import { enqueueAssessment } from './assessment.job';
import {
  assessmentEvidence,
  assessmentResult,
  getWeights,
  listAssessmentYears,
  updateWeights,
} from './assessment.service';
import {
  canSeeExperienceReport,
  getExperienceReport,
  listExperienceReports,
  markExperienceReport,
  submitExperienceReport,
} from './experience.service';

const YearParams = z.object({ year: z.coerce.number().int().min(2000, '年份无效').max(2100, '年份无效') });
const IdParams = z.object({ id: z.uuid('编号格式不正确') });

attachmentAccess.register('experience_report', (auth, id, deps) => canSeeExperienceReport(deps, auth, id));

export function assessmentRoutes(deps: Deps): FastifyPluginAsyncZod {
  const tags = ['年度考核'];
  const read = { access: { permission: 'assessment.read' as const } };
  const manage = { access: { permission: 'assessment.manage' as const } };
  return async (app) => {
    app.get(
      '/assessments',
      {
        config: read,
        schema: { tags, summary: '考核年度及最近一次计算', response: { 200: AssessmentYearListSchema } },
      },
      async (req) => listAssessmentYears(deps, requireAuth(req)),
    );
    app.get(
      '/assessments/weights',
      { config: read, schema: { tags, summary: '考核指标及当前权重', response: { 200: AssessmentWeightsSchema } } },
      async (req) => getWeights(deps, requireAuth(req)),
    );
    app.put(
      '/assessments/weights',
      {
        config: manage,
        schema: {
          tags,
          summary: '修改考核权重（生成新版本，原版本保留）',
          body: AssessmentWeightsInputSchema,
          response: { 200: AssessmentWeightsSchema },
        },
      },
      async (req) => updateWeights(deps, requireAuth(req), actorOf(req), req.body),
    );
    app.get(
      '/assessments/:year',
      {
        config: read,
        schema: {
          tags,
          summary: '年度考核排名（最近一次计算）',
          params: YearParams,
          response: { 200: AssessmentResultSchema },
        },
      },
      async (req) => assessmentResult(deps, req.params.year),
    );
    app.get(
      '/assessments/:year/evidence',
      {
        config: read,
        schema: {
          tags,
          summary: '某单位某指标得分的依据',
          params: YearParams,
          querystring: AssessmentEvidenceQuerySchema,
          response: { 200: AssessmentEvidenceListSchema },
        },
      },
      async (req) => assessmentEvidence(deps, req.params.year, req.query),
    );
    app.post(
      '/assessments/:year/compute',
      {
        config: manage,
        schema: {
          tags,
          summary: '计算或重新计算年度考核（后台任务）',
          params: YearParams,
          body: AssessmentComputeInputSchema,
          response: { 202: z.object({ jobId: z.string() }) },
        },
      },
      async (req, reply) =>
        reply
          .status(202)
          .send(await enqueueAssessment(deps, requireAuth(req), actorOf(req), req.params.year, req.body.id)),
    );

    app.get(
      '/experience-reports',
      {
        config: { access: { permission: 'experience.read' } },
        schema: {
          tags,
          summary: '经验做法材料（§28）',
          querystring: ExperienceReportQuerySchema,
          response: { 200: ExperienceReportPageSchema },
        },
      },
      async (req) => listExperienceReports(deps, requireAuth(req), req.query),
    );
    app.get(
      '/experience-reports/:id',
      {
        config: { access: { permission: 'experience.read' } },
        schema: { tags, summary: '经验做法材料详情', params: IdParams, response: { 200: ExperienceReportSchema } },
      },
      async (req) => getExperienceReport(deps, requireAuth(req), req.params.id),
    );
    app.post(
      '/experience-reports',
      {
        config: { access: { permission: 'experience.submit' } },
        schema: {
          tags,
          summary: '报送经验做法材料',
          body: ExperienceReportInputSchema,
          response: { 201: ExperienceReportSchema },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await submitExperienceReport(deps, requireAuth(req), actorOf(req), req.body)),
    );
    app.put(
      '/experience-reports/:id/mark',
      {
        config: { access: { permission: 'experience.mark' } },
        schema: {
          tags,
          summary: '评定经验做法材料（分数/等次、评语）',
          params: IdParams,
          body: ExperienceMarkInputSchema,
          response: { 200: ExperienceReportSchema },
        },
      },
      async (req) => markExperienceReport(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
  };
}
