import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { csrfHeader, sessionCookie } from '@anzhi/contracts/auth';
import type { Permission } from '@anzhi/contracts/permissions';
import type { ActorContext } from '../audit/audit.service';
import { resolveSession, type AuthState, type ClientMeta } from '../auth/auth.service';
import type { Deps } from '../deps';
import { AppError } from '../errors/app-error';

/**
 * Every route states who may call it (conventions.md, habit 2):
 * - `{ public: true }`: anyone (login, docs, static files);
 * - `{ signedIn: true }`: any signed-in user; `allowPending` also during the login steps;
 * - `{ permission }`: a signed-in user whose roles grant the permission (otherwise 403).
 * Row-level scope is checked in the services.
 */
export type Access = { public: true } | { signedIn: true; allowPending?: boolean } | { permission: Permission };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    auth: AuthState | null;
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function clientMeta(req: FastifyRequest): ClientMeta {
  const ua = req.headers['user-agent'];
  return { ip: req.ip ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 500) : null, requestId: String(req.id) };
}

export function actorOf(req: FastifyRequest): ActorContext {
  return {
    actorId: req.auth?.user.id ?? null,
    actorName: req.auth?.user.displayName ?? null,
    ip: req.ip ?? null,
    requestId: String(req.id),
  };
}

export function requireAuth(req: FastifyRequest): AuthState {
  if (!req.auth) throw new AppError('UNAUTHENTICATED', '请先登录');
  return req.auth;
}

/** Marks every route registered in this encapsulated context as public (static files, API docs). */
export function markRoutesPublic(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), access: { public: true } };
  });
}

function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin ?? req.headers.referer;
  if (!origin) return true; // non-browser clients; browsers always send Origin on cross-site POSTs
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function installAccessControl(app: FastifyInstance, deps: Deps) {
  const routes: { method: string; url: string; route: RouteOptions }[] = [];
  app.decorateRequest('auth', null);
  app.addHook('onRoute', (route) => {
    routes.push({ method: String(route.method), url: route.url, route });
  });
  // Checked when the server is ready, after every plugin has had its onRoute hooks.
  app.addHook('onReady', async () => {
    const missing = routes.filter((r) => !r.route.config?.access).map((r) => `${r.method} ${r.url}`);
    if (missing.length > 0) {
      throw new Error(`以下路由未声明权限（config.access），服务拒绝启动：${missing.join('，')}`);
    }
  });

  app.addHook('preValidation', async (req) => {
    // The not-found handler (SPA fallback or a JSON 404) serves nothing that needs a session.
    if (req.is404) return;
    const access = req.routeOptions.config.access;
    if (!access) throw new AppError('FORBIDDEN', '路由未声明权限');
    if (unsafeMethods.has(req.method) && !sameOrigin(req)) {
      throw new AppError('CSRF_REJECTED', '请求来源不符，已拒绝（CSRF 防护）');
    }
    if ('public' in access) return;
    const token = req.cookies[sessionCookie];
    req.auth = token ? await resolveSession(deps, token) : null;
    const auth = requireAuth(req);
    if (unsafeMethods.has(req.method)) {
      const sent = req.headers[csrfHeader];
      if (typeof sent !== 'string' || !tokensEqual(sent, auth.session.csrfToken)) {
        throw new AppError('CSRF_REJECTED', '请求校验失败（CSRF），请刷新页面后重试');
      }
    }
    const allowPending = 'signedIn' in access && access.allowPending === true;
    if (auth.session.pending && !allowPending) {
      throw new AppError('STEP_REQUIRED', '请先完成登录步骤（动态验证码、修改密码或绑定验证器）', {
        pending: auth.session.pending,
      });
    }
    if ('permission' in access && !auth.permissions.includes(access.permission)) {
      throw new AppError('FORBIDDEN', '您没有执行此操作的权限');
    }
  });
}
