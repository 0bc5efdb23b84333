import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PageQuerySchema as PageQuery, PageSchema } from '@anzhi/contracts/common';
import { UserCreateInputSchema, UserSchema } from '@anzhi/contracts/users';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/access';
import { createUser, listUsers } from './users.service';

export function usersRoutes(deps: Deps): FastifyPluginAsyncZod {
  const tags = ['用户'];
  return async (app) => {
    app.get(
      '/users',
      { config: { access: { permission: 'user.read' } }, schema: { tags, summary: '用户列表', querystring: PageQuery, response: { 200: PageSchema(UserSchema) } } },
      async (req) => listUsers(deps, req.query.page, req.query.pageSize),
    );
    app.post(
      '/users',
      { config: { access: { permission: 'user.create' } }, schema: { tags, summary: '创建用户（首次登录须修改密码）', body: UserCreateInputSchema, response: { 201: UserSchema } } },
      async (req, reply) => reply.status(201).send(await createUser(deps, actorOf(req), req.body)),
    );
  };
}
