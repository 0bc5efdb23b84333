import crypto from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../deps';
import { AppError } from '../errors/app-error';

export const backupTokenHeader = 'x-backup-token';

/**
 * `npm run backup` asks the running server (which holds the PGlite lock) for a consistent dump of its
 * data directory. The caller proves it can read ./data by sending the token the server wrote into its
 * lock file; loopback only.
 */
export function backupRoutes(deps: Deps, backupToken: string | undefined): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/internal/backup',
      { config: { access: { public: true } }, schema: { hide: true } },
      async (req, reply) => {
        const sent = req.headers[backupTokenHeader];
        const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '');
        const ok =
          backupToken !== undefined &&
          typeof sent === 'string' &&
          sent.length === backupToken.length &&
          crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(backupToken));
        if (!loopback || !ok) throw new AppError('FORBIDDEN', '备份令牌无效');
        if (deps.database.engine !== 'pglite')
          throw new AppError('BAD_REQUEST', 'PostgreSQL 模式请直接运行 pg_dump（npm run backup 会自动处理）');
        await deps.database.pglite.query('CHECKPOINT');
        const blob = await deps.database.pglite.dumpDataDir('gzip');
        const buf = Buffer.from(await blob.arrayBuffer());
        return reply.header('content-type', 'application/gzip').send(buf);
      },
    );
  };
}
