import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AttachmentIdParamsSchema,
  AttachmentListQuerySchema,
  AttachmentSchema,
  AttachmentUploadFieldsSchema,
  type AttachmentUploadFields,
} from '@anzhi/contracts/attachments';
import { PageSchema } from '@anzhi/contracts/common';
import type { Deps } from '../deps';
import { AppError } from '../errors/app-error';
import { actorOf, requireAuth } from '../http/access';
import {
  deleteAttachment,
  drain,
  getAttachmentMeta,
  largestAttachmentBytes,
  listMyUploads,
  openAttachmentDownload,
  uploadAttachment,
  type UploadSource,
} from './attachments.service';

/** `attachment; filename="ascii fallback"; filename*=UTF-8''…` (RFC 6266 / 5987) so Chinese names survive. */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

function fieldValues(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, part] of Object.entries(fields)) {
    if (part && typeof part === 'object' && 'type' in part && part.type === 'field' && 'value' in part) {
      out[name] = part.value;
    }
  }
  return out;
}

/** Reads the multipart request: the text fields (which must come first) and the one file as a stream. */
async function readUpload(req: FastifyRequest): Promise<{ source: UploadSource; fields: AttachmentUploadFields }> {
  if (!req.isMultipart()) throw new AppError('BAD_REQUEST', '请以 multipart/form-data 方式上传文件');
  const file = await req.file({
    limits: { fileSize: largestAttachmentBytes + 1, files: 1, fields: 10, fieldSize: 1024 },
    throwFileSizeLimit: false,
  });
  if (!file) throw new AppError('BAD_REQUEST', '请选择要上传的文件');
  const parsed = AttachmentUploadFieldsSchema.safeParse(fieldValues(file.fields));
  if (!parsed.success) {
    await drain(file.file);
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || '(根)'} ${i.message}`).join('；');
    throw new AppError('VALIDATION_FAILED', `输入有误：${message}`);
  }
  return { source: { stream: file.file, filename: file.filename }, fields: parsed.data };
}

export function attachmentsRoutes(deps: Deps): FastifyPluginAsyncZod {
  const tags = ['附件'];
  return async (app) => {
    await app.register(multipart);

    app.post(
      '/attachments',
      {
        config: { access: { signedIn: true } },
        schema: {
          tags,
          summary: '上传附件（multipart：先 purpose、personalData、可选 id 字段，后 file）',
          consumes: ['multipart/form-data'],
          response: { 201: AttachmentSchema },
        },
      },
      async (req, reply) => {
        const { source, fields } = await readUpload(req);
        return reply.status(201).send(await uploadAttachment(deps, requireAuth(req), actorOf(req), source, fields));
      },
    );

    app.get(
      '/attachments',
      {
        config: { access: { signedIn: true } },
        schema: {
          tags,
          summary: '我上传的附件',
          querystring: AttachmentListQuerySchema,
          response: { 200: PageSchema(AttachmentSchema) },
        },
      },
      async (req) => listMyUploads(deps, requireAuth(req), req.query.page, req.query.pageSize),
    );

    app.get(
      '/attachments/:id/meta',
      {
        config: { access: { signedIn: true } },
        schema: { tags, summary: '附件信息', params: AttachmentIdParamsSchema, response: { 200: AttachmentSchema } },
      },
      async (req) => getAttachmentMeta(deps, requireAuth(req), req.params.id),
    );

    app.get(
      '/attachments/:id',
      {
        config: { access: { signedIn: true } },
        schema: { tags, summary: '下载附件（含个人信息的下载记入审计）', params: AttachmentIdParamsSchema },
      },
      async (req, reply) => {
        const { attachment, stream } = await openAttachmentDownload(
          deps,
          requireAuth(req),
          actorOf(req),
          req.params.id,
        );
        return reply
          .type(attachment.contentType)
          .header('content-length', attachment.size)
          .header('content-disposition', contentDisposition(attachment.originalFilename))
          .header('cache-control', 'private, no-store')
          .send(stream);
      },
    );

    app.delete(
      '/attachments/:id',
      {
        config: { access: { signedIn: true } },
        schema: {
          tags,
          summary: '删除附件（上传人或管理员；保留记录，文件在下次清理时删除）',
          params: AttachmentIdParamsSchema,
        },
      },
      async (req, reply) => {
        await deleteAttachment(deps, requireAuth(req), actorOf(req), req.params.id);
        return reply.status(204).send();
      },
    );
  };
}
