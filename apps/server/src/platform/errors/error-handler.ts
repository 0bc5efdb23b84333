import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody, FieldError } from '@anzhi/contracts/errors';
import { AppError } from './app-error';

const fastifyCodes: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'BAD_REQUEST', message: '不支持的请求内容类型' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'BAD_REQUEST', message: '请求内容为空' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'BAD_REQUEST', message: '请求内容不是有效的 JSON' },
};

/** One handler: AppError → its status; validation → every field in Chinese; anything else → 500 with the request id. */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    const requestId = String(req.id);
    if (err instanceof AppError) {
      const body: ErrorBody = { error: err.code, message: err.message, requestId };
      if (err.details !== undefined) body.details = err.details;
      if (err.status >= 500) req.log.error({ err }, 'app error');
      return reply.status(err.status).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details: FieldError[] = err.validation.map((v) => ({
        path: (v.instancePath || '/').replace(/^\//, '').replaceAll('/', '.') || '(根)',
        message: v.message ?? '格式不正确',
      }));
      const message = `输入有误：${details.map((d) => `${d.path} ${d.message}`).join('；')}`;
      return reply.status(400).send({ error: 'VALIDATION_FAILED', message, details, requestId } satisfies ErrorBody);
    }
    const known = err.code ? fastifyCodes[err.code] : undefined;
    if (known) {
      return reply.status(err.statusCode ?? 400).send({ error: known.code, message: known.message, requestId });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: 'BAD_REQUEST', message: '请求无效', requestId });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({
      error: 'INTERNAL',
      message: `服务器内部错误，请联系管理员并提供请求编号 ${requestId}`,
      requestId,
    } satisfies ErrorBody);
  });
}
