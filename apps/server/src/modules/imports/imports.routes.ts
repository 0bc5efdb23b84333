import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ImportBatchPageSchema,
  ImportBatchSchema,
  ImportIdParamsSchema,
  ImportListQuerySchema,
  ImportRowPageSchema,
  ImportRowsQuerySchema,
  ImportUploadFieldsSchema,
  type ImportUploadFields,
} from '@anzhi/contracts/imports';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors/app-error';
import { attachmentDisposition } from '../../platform/excel/content-disposition';
import { attachmentAccess } from '../../platform/files/attachment-access';
import { drain, largestAttachmentBytes, type UploadSource } from '../../platform/files/attachments.service';
import { actorOf, requireAuth } from '../../platform/http/access';
import {
  canSeeBatch,
  cancelImport,
  confirmImport,
  errorReport,
  getImport,
  importOwnerType,
  listImportRows,
  listImports,
  uploadImport,
} from './imports.service';
import { templateWorkbook } from './imports.workbooks';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function fieldValues(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, part] of Object.entries(fields)) {
    if (part && typeof part === 'object' && 'type' in part && part.type === 'field' && 'value' in part)
      out[name] = part.value;
  }
  return out;
}

/** The multipart upload: optional text fields (id, kind) first, then the one file as a stream. */
async function readUpload(req: FastifyRequest): Promise<{ source: UploadSource; fields: ImportUploadFields }> {
  if (!req.isMultipart()) throw new AppError('BAD_REQUEST', '请以 multipart/form-data 方式上传文件');
  const file = await req.file({
    limits: { fileSize: largestAttachmentBytes + 1, files: 1, fields: 10, fieldSize: 1024 },
    throwFileSizeLimit: false,
  });
  if (!file) throw new AppError('BAD_REQUEST', '请选择要上传的文件');
  const parsed = ImportUploadFieldsSchema.safeParse(fieldValues(file.fields));
  if (!parsed.success) {
    await drain(file.file);
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || '(根)'} ${i.message}`).join('；');
    throw new AppError('VALIDATION_FAILED', `输入有误：${message}`);
  }
  return { source: { stream: file.file, filename: file.filename }, fields: parsed.data };
}

// Once per process, at module load (the registry refuses a second, different checker for one owner type).
attachmentAccess.register(importOwnerType, (auth, id, d) => canSeeBatch(d, auth, id));

export function importsRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(multipart);
    const tags = ['导入'];
    const importing = { access: { permission: 'registry.import' as const } };

    app.get(
      '/imports/registry/template',
      {
        config: importing,
        schema: { tags, summary: '下载搬迁户花名册导入模板（.xlsx：花名册、说明、代码表）' },
      },
      async (_req, reply) => {
        const body = await templateWorkbook();
        return reply
          .header('content-type', xlsxType)
          .header('content-disposition', attachmentDisposition('搬迁户花名册导入模板.xlsx', 'registry-template.xlsx'))
          .send(body);
      },
    );
    app.post(
      '/imports',
      {
        config: importing,
        schema: {
          tags,
          summary: '上传花名册文件（multipart：可选 id、kind 字段在前，file 在后；.xlsx 或 .csv），随即后台试导入',
          consumes: ['multipart/form-data'],
          response: { 201: ImportBatchSchema },
        },
      },
      async (req, reply) => {
        const { source, fields } = await readUpload(req);
        return reply.status(201).send(await uploadImport(deps, requireAuth(req), actorOf(req), source, fields));
      },
    );
    app.get(
      '/imports',
      {
        config: importing,
        schema: {
          tags,
          summary: '导入批次列表（本人的；县级可见全县）',
          querystring: ImportListQuerySchema,
          response: { 200: ImportBatchPageSchema },
        },
      },
      async (req) => listImports(deps, requireAuth(req), req.query),
    );
    app.get(
      '/imports/:id',
      {
        config: importing,
        schema: {
          tags,
          summary: '导入批次：状态、进度与各类行数',
          params: ImportIdParamsSchema,
          response: { 200: ImportBatchSchema },
        },
      },
      async (req) => getImport(deps, requireAuth(req), req.params.id),
    );
    app.get(
      '/imports/:id/rows',
      {
        config: importing,
        schema: {
          tags,
          summary: '试导入逐行结果（按分类 new/changed/unchanged/error 筛选，分页；身份证号已脱敏）',
          params: ImportIdParamsSchema,
          querystring: ImportRowsQuerySchema,
          response: { 200: ImportRowPageSchema },
        },
      },
      async (req) => listImportRows(deps, requireAuth(req), req.params.id, req.query),
    );
    app.post(
      '/imports/:id/confirm',
      {
        config: importing,
        schema: {
          tags,
          summary: '确认导入（后台写入花名册；有错误的户整户跳过）',
          params: ImportIdParamsSchema,
          response: { 200: ImportBatchSchema },
        },
      },
      async (req) => confirmImport(deps, requireAuth(req), actorOf(req), req.params.id),
    );
    app.post(
      '/imports/:id/cancel',
      {
        config: importing,
        schema: {
          tags,
          summary: '取消导入（写入花名册之前）',
          params: ImportIdParamsSchema,
          response: { 200: ImportBatchSchema },
        },
      },
      async (req) => cancelImport(deps, requireAuth(req), actorOf(req), req.params.id),
    );
    app.get(
      '/imports/:id/errors.xlsx',
      {
        config: importing,
        schema: {
          tags,
          summary: '错误报告：上传的文件加一列“错误信息”（xlsx 上传返回 .xlsx，CSV 上传返回 CSV）',
          params: ImportIdParamsSchema,
        },
      },
      async (req, reply) => {
        const r = await errorReport(deps, requireAuth(req), actorOf(req), req.params.id);
        return reply
          .header('content-type', r.contentType)
          .header(
            'content-disposition',
            attachmentDisposition(r.filename, r.filename.endsWith('.csv') ? 'errors.csv' : 'errors.xlsx'),
          )
          .send(r.body);
      },
    );
  };
}
