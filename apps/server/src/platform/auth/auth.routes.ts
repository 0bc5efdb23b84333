import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  LoginInputSchema,
  MeSchema,
  PasswordChangeInputSchema,
  TotpCodeInputSchema,
  TotpEnrollmentSchema,
  sessionCookie,
} from '@anzhi/contracts/auth';
import type { Deps } from '../deps';
import { clientMeta, requireAuth } from '../http/access';
import {
  changePassword,
  completeTotpLogin,
  confirmTotpEnrollment,
  login,
  logout,
  presentMe,
  startTotpEnrollment,
} from './auth.service';

export function authRoutes(deps: Deps): FastifyPluginAsyncZod {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.config.secureCookies,
  };
  const setCookie = (reply: FastifyReply, token: string) => reply.setCookie(sessionCookie, token, cookieOptions);
  const tags = ['认证'];

  return async (app) => {
    app.post(
      '/auth/login',
      {
        config: { access: { public: true } },
        schema: { tags, summary: '登录（用户名+密码）', body: LoginInputSchema, response: { 200: MeSchema } },
      },
      async (req, reply) => {
        const { token, auth } = await login(deps, req.body.username, req.body.password, clientMeta(req));
        setCookie(reply, token);
        return presentMe(deps, auth);
      },
    );

    app.post(
      '/auth/totp',
      {
        config: { access: { signedIn: true, allowPending: true } },
        schema: { tags, summary: '登录第二步：动态验证码', body: TotpCodeInputSchema, response: { 200: MeSchema } },
      },
      async (req) => presentMe(deps, await completeTotpLogin(deps, requireAuth(req), req.body.code, clientMeta(req))),
    );

    app.post(
      '/auth/password',
      {
        config: { access: { signedIn: true, allowPending: true } },
        schema: { tags, summary: '修改密码', body: PasswordChangeInputSchema, response: { 200: MeSchema } },
      },
      async (req) => presentMe(deps, await changePassword(deps, requireAuth(req), req.body, clientMeta(req))),
    );

    app.post(
      '/auth/totp/enroll',
      {
        config: { access: { signedIn: true, allowPending: true } },
        schema: { tags, summary: '生成动态验证码密钥', response: { 200: TotpEnrollmentSchema } },
      },
      async (req) => startTotpEnrollment(deps, requireAuth(req)),
    );

    app.post(
      '/auth/totp/enroll/confirm',
      {
        config: { access: { signedIn: true, allowPending: true } },
        schema: { tags, summary: '确认绑定动态验证码', body: TotpCodeInputSchema, response: { 200: MeSchema } },
      },
      async (req) =>
        presentMe(deps, await confirmTotpEnrollment(deps, requireAuth(req), req.body.code, clientMeta(req))),
    );

    app.post(
      '/auth/logout',
      {
        config: { access: { signedIn: true, allowPending: true } },
        schema: { tags, summary: '退出登录', response: { 204: z.null() } },
      },
      async (req, reply) => {
        await logout(deps, requireAuth(req), clientMeta(req));
        reply.clearCookie(sessionCookie, cookieOptions);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        config: { access: { signedIn: true, allowPending: true } },
        schema: { tags, summary: '当前用户', response: { 200: MeSchema } },
      },
      async (req) => presentMe(deps, requireAuth(req)),
    );
  };
}
