import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PageSchema } from '@anzhi/contracts/common';
import {
  CalendarQuerySchema,
  ComparisonBatchQuerySchema,
  ComparisonBatchSchema,
  ComparisonCalendarSchema,
  ComparisonKindListSchema,
  ComparisonRowQuerySchema,
  ComparisonRowSchema,
  ComparisonRuleParamsInputSchema,
  ComparisonUploadFieldsSchema,
  ComparisonWarningQuerySchema,
  ComparisonWarningSchema,
  DeliberationInputSchema,
  DeliberationListSchema,
  DeliberationQuerySchema,
  DeliberationSchema,
  VerificationInputSchema,
  type ComparisonUploadFields,
} from '@anzhi/contracts/comparison';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors/app-error';
import { attachmentAccess } from '../../platform/files/attachment-access';
import { drain, largestAttachmentBytes, type UploadSource } from '../../platform/files/attachments.service';
import { actorOf, requireAuth } from '../../platform/http/access';
import { configureRule, listKinds } from './comparison.kinds';
import './comparison.rule';
import {
  canSeeWarning,
  comparisonCalendar,
  getBatch,
  getWarning,
  holdDeliberation,
  listBatchRows,
  listBatches,
  listDeliberations,
  listWarnings,
  uploadBatch,
  verifyWarning,
  warningOwnerType,
  withdrawBatch,
} from './comparison.service';

const IdParams = z.object({ id: z.uuid('编号格式不正确') });

function fieldValues(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, part] of Object.entries(fields)) {
    if (part && typeof part === 'object' && 'type' in part && part.type === 'field' && 'value' in part)
      out[name] = part.value;
  }
  return out;
}

async function readUpload(req: FastifyRequest): Promise<{ source: UploadSource; fields: ComparisonUploadFields }> {
  if (!req.isMultipart()) throw new AppError('BAD_REQUEST', '请以 multipart/form-data 方式上传文件');
  const file = await req.file({
    limits: { fileSize: largestAttachmentBytes + 1, files: 1, fields: 10, fieldSize: 8192 },
    throwFileSizeLimit: false,
  });
  if (!file) throw new AppError('BAD_REQUEST', '请选择要上传的文件');
  const parsed = ComparisonUploadFieldsSchema.safeParse(fieldValues(file.fields));
  if (!parsed.success) {
    await drain(file.file);
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || '(根)'} ${i.message}`).join('；');
    throw new AppError('VALIDATION_FAILED', `输入有误：${message}`);
  }
  return { source: { stream: file.file, filename: file.filename }, fields: parsed.data };
}

// Once per process (the registry refuses a second, different checker for one owner type).
attachmentAccess.register(warningOwnerType, (auth, id, d) => canSeeWarning(d, auth, id));
attachmentAccess.register('comparison_batch', async (auth, id, d) => {
  try {
    await getBatch(d, auth, id);
    return true;
  } catch {
    return false;
  }
});

export function comparisonRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(multipart);
    const tags = ['部门数据比对'];
    const read = { access: { permission: 'comparison.read' as const } };

    app.get(
      '/comparison/kinds',
      {
        config: read,
        schema: {
          tags,
          summary: '各部门比对数据类别、列与规则（含本单位已保存的列对应关系）',
          response: { 200: ComparisonKindListSchema },
        },
      },
      async (req) => listKinds(deps, requireAuth(req)),
    );
    app.put(
      '/comparison/kinds/:key/rules/:ruleId',
      {
        config: { access: { permission: 'comparison.configure' } },
        schema: {
          tags,
          summary: '修改比对规则参数（生成新的规则版本）',
          params: z.object({ key: z.string(), ruleId: z.string() }),
          body: ComparisonRuleParamsInputSchema,
          response: { 200: ComparisonKindListSchema },
        },
      },
      async (req) => {
        await configureRule(deps, actorOf(req), req.params.key, req.params.ruleId, req.body.parameters);
        return listKinds(deps, requireAuth(req));
      },
    );
    app.post(
      '/comparison/batches',
      {
        config: { access: { permission: 'comparison.upload' } },
        schema: {
          tags,
          summary:
            '上传本单位某月比对数据（multipart：id、kindKey、month、可选 mapping 字段在前，file 在后；.xlsx 或 .csv）',
          consumes: ['multipart/form-data'],
          response: { 200: ComparisonBatchSchema, 201: ComparisonBatchSchema },
        },
      },
      async (req, reply) => {
        const { source, fields } = await readUpload(req);
        const { batch, created } = await uploadBatch(deps, requireAuth(req), actorOf(req), source, fields);
        return reply.code(created ? 201 : 200).send(batch);
      },
    );
    app.get(
      '/comparison/batches',
      {
        config: read,
        schema: {
          tags,
          summary: '比对批次（部门只看本单位的）',
          querystring: ComparisonBatchQuerySchema,
          response: { 200: PageSchema(ComparisonBatchSchema) },
        },
      },
      async (req) => listBatches(deps, requireAuth(req), req.query),
    );
    app.get(
      '/comparison/batches/:id',
      {
        config: read,
        schema: {
          tags,
          summary: '比对批次：状态与各类行数',
          params: IdParams,
          response: { 200: ComparisonBatchSchema },
        },
      },
      async (req) => getBatch(deps, requireAuth(req), req.params.id),
    );
    app.get(
      '/comparison/batches/:id/rows',
      {
        config: read,
        schema: {
          tags,
          summary:
            '逐行比对结果（已匹配、非搬迁人口、无效、重复，附原因；身份证号已脱敏），按行号排序；status=problem 只列未匹配的问题行',
          params: IdParams,
          querystring: ComparisonRowQuerySchema,
          response: { 200: PageSchema(ComparisonRowSchema) },
        },
      },
      async (req) => listBatchRows(deps, requireAuth(req), req.params.id, req.query),
    );
    app.post(
      '/comparison/batches/:id/withdraw',
      {
        config: { access: { permission: 'comparison.upload' } },
        schema: { tags, summary: '撤回尚未比对的批次', params: IdParams, response: { 200: ComparisonBatchSchema } },
      },
      async (req) => withdrawBatch(deps, requireAuth(req), actorOf(req), req.params.id),
    );
    app.get(
      '/comparison/warnings',
      {
        config: read,
        schema: {
          tags,
          summary: '比对预警（限本人范围）',
          querystring: ComparisonWarningQuerySchema,
          response: { 200: PageSchema(ComparisonWarningSchema) },
        },
      },
      async (req) => listWarnings(deps, requireAuth(req), req.query),
    );
    app.get(
      '/comparison/warnings/:id',
      {
        config: read,
        schema: { tags, summary: '一条比对预警', params: IdParams, response: { 200: ComparisonWarningSchema } },
      },
      async (req) => getWarning(deps, requireAuth(req), req.params.id),
    );
    app.post(
      '/comparison/warnings/:id/verification',
      {
        config: { access: { permission: 'comparison.verify' } },
        schema: {
          tags,
          summary: '登记入户核实结果（属实、不属实、已掌握；可附照片）',
          params: IdParams,
          body: VerificationInputSchema,
          response: { 200: ComparisonWarningSchema },
        },
      },
      async (req) => verifyWarning(deps, requireAuth(req), actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/comparison/deliberations',
      {
        config: read,
        schema: {
          tags,
          summary: '月度综合研判',
          querystring: DeliberationQuerySchema,
          response: { 200: DeliberationListSchema },
        },
      },
      async (req) => listDeliberations(deps, requireAuth(req), req.query),
    );
    app.post(
      '/comparison/deliberations',
      {
        config: { access: { permission: 'comparison.deliberate' } },
        schema: {
          tags,
          summary: '召开月度综合研判：所选核实属实的预警一键转为监测线索，其余已核实预警排除',
          body: DeliberationInputSchema,
          response: { 200: DeliberationSchema, 201: DeliberationSchema },
        },
      },
      async (req, reply) => {
        const { deliberation, created } = await holdDeliberation(deps, requireAuth(req), actorOf(req), req.body);
        return reply.code(created ? 201 : 200).send(deliberation);
      },
    );
    app.get(
      '/comparison/calendar',
      {
        config: read,
        schema: {
          tags,
          summary: '比对闭环日历（R05：每月25日前部门报送、核实、研判）',
          querystring: CalendarQuerySchema,
          response: { 200: ComparisonCalendarSchema },
        },
      },
      async (req) => comparisonCalendar(deps, requireAuth(req), req.query.month),
    );
  };
}
