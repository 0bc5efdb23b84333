import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import '@anzhi/contracts/zod-locale';
import type { Clock } from '@anzhi/domain/periods';
import type { RuleCatalog } from '@anzhi/domain/rules/registry';
import { uuidv7 } from '@anzhi/domain/ids';
import type { Config } from './config';
import type { Database } from './db/client';
import { orgRoutes } from './modules/org/org.routes';
import { chiefsRoutes } from './modules/chiefs/chiefs.routes';
import { revisitsRoutes } from './modules/revisits/revisits.routes';
import { assessmentRoutes } from './modules/assessment/assessment.routes';
import { serverRuleRegistry } from './modules/rules/rules.registry';
import { registryRoutes } from './modules/registry/registry.routes';
import { importsRoutes } from './modules/imports/imports.routes';
import { comparisonRoutes } from './modules/comparison/comparison.routes';
import { registryEventRoutes } from './modules/registry/registry-events.routes';
import { registryViewRoutes } from './modules/registry/registry-views.routes';
import { incomesRoutes } from './modules/incomes/incomes.routes';
import { pairingsRoutes } from './modules/pairings/pairings.routes';
import { monitoringRoutes } from './modules/monitoring/monitoring.routes';
import { helpRoutes } from './modules/monitoring/help.routes';
import { rulesRoutes } from './modules/rules/rules.routes';
import { dashboardsRoutes } from './modules/dashboards/dashboards.routes';
import { usersRoutes } from './modules/users/users.routes';
import { supervisionRoutes } from './modules/supervision/supervision.routes';
import { ledgersRoutes } from './modules/ledgers/ledgers.routes';
import { snapshotsRoutes } from './modules/snapshots/snapshots.routes';
import { reportsRoutes } from './modules/reports/reports.routes';
import { auditRoutes } from './platform/audit/audit.routes';
import { authRoutes } from './platform/auth/auth.routes';
import { backupRoutes } from './platform/backup/backup.routes';
import { excelRoutes } from './platform/excel/excel.routes';
import { attachmentsRoutes } from './platform/files/attachments.routes';
import { notificationsRoutes } from './platform/notifications/notifications.routes';
import { jobsRoutes } from './platform/jobs/jobs.routes';
import type { FieldCipher } from './platform/crypto/cipher';
import type { Deps } from './platform/deps';
import { installErrorHandler } from './platform/errors/error-handler';
import { installAccessControl, markRoutesPublic } from './platform/http/access';
import { loggerOptions } from './platform/http/logger';

export interface BuildOptions {
  config: Config;
  database: Database;
  clock: Clock;
  cipher: FieldCipher;
  /** Token the backup command must present (written into the PGlite lock file). */
  backupToken?: string;
  /** Extra route plugins (tests use this to prove the permission guard). */
  extraRoutes?: (app: FastifyInstance) => void;
  /** The rules engine's registry; defaults to the server's (tests pass one with their own rules). */
  ruleRegistry?: RuleCatalog;
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(opts.config.logLevel),
    genReqId: () => uuidv7(),
    trustProxy: true,
    bodyLimit: 2 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const deps: Deps = {
    config: opts.config,
    database: opts.database,
    db: opts.database.db,
    clock: opts.clock,
    cipher: opts.cipher,
    log: app.log,
  };

  installAccessControl(app, deps);
  installErrorHandler(app);
  await app.register(cookie);
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
  });

  await app.register(swagger, {
    openapi: {
      info: { title: '安置 · 易地扶贫搬迁后续扶持管理平台 API', version: '1' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'anzhi_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(async (docs) => {
    markRoutesPublic(docs);
    docs.get('/api/openapi.json', { schema: { hide: true } }, async () => docs.swagger());
    await docs.register(swaggerUi, { routePrefix: '/api/docs' });
  });

  await app.register(
    async (api) => {
      await api.register(authRoutes(deps));
      await api.register(usersRoutes(deps));
      await api.register(orgRoutes(deps));
      await api.register(chiefsRoutes(deps));
      await api.register(revisitsRoutes(deps));
      await api.register(assessmentRoutes(deps));
      await api.register(registryRoutes(deps));
      await api.register(importsRoutes(deps));
      await api.register(comparisonRoutes(deps));
      await api.register(registryEventRoutes(deps));
      await api.register(registryViewRoutes(deps));
      await api.register(incomesRoutes(deps));
      await api.register(pairingsRoutes(deps));
      await api.register(monitoringRoutes(deps));
      await api.register(helpRoutes(deps));
      await api.register(auditRoutes(deps));
      await api.register(attachmentsRoutes(deps));
      await api.register(notificationsRoutes(deps));
      await api.register(jobsRoutes(deps));
      await api.register(supervisionRoutes(deps));
      await api.register(ledgersRoutes(deps));
      await api.register(snapshotsRoutes(deps));
      await api.register(reportsRoutes(deps));
      await api.register(excelRoutes(deps));
      await api.register(rulesRoutes({ ...deps, rules: opts.ruleRegistry ?? serverRuleRegistry }));
      await api.register(dashboardsRoutes(deps));
      api.get('/health', { config: { access: { public: true } }, schema: { hide: true } }, async () => ({ ok: true }));
    },
    { prefix: '/api/v1' },
  );
  await app.register(backupRoutes(deps, opts.backupToken), { prefix: '/api' });
  opts.extraRoutes?.(app);

  // The built web app, with SPA fallback for client-side routes.
  const indexHtml = path.join(opts.config.webDist, 'index.html');
  const hasWeb = fs.existsSync(indexHtml);
  if (hasWeb) {
    await app.register(async (web) => {
      markRoutesPublic(web);
      await web.register(fastifyStatic, { root: opts.config.webDist, wildcard: false, index: false });
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    if (hasWeb && req.method === 'GET' && !url.startsWith('/api/')) {
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(fs.readFileSync(indexHtml));
    }
    return reply
      .status(404)
      .send({ error: 'NOT_FOUND', message: `接口不存在：${req.method} ${url}`, requestId: String(req.id) });
  });
  return app;
}
