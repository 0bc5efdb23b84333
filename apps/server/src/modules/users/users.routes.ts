import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PageQuerySchema, PageSchema } from '@anzhi/contracts/common';
import {
  CadreImportResultSchema,
  HandoverInputSchema,
  RoleAssignmentInputSchema,
  RoleAssignmentSchema,
} from '@anzhi/contracts/org';
import { roles } from '@anzhi/contracts/permissions';
import { UserCreateInputSchema, UserSchema } from '@anzhi/contracts/users';
import type { Deps } from '../../platform/deps';
import { actorOf, requireAuth } from '../../platform/http/access';
import { importCadres } from './cadre-import';
import {
  createRoleAssignment,
  deleteRoleAssignment,
  handOver,
  listRoleAssignments,
  setUserActive,
} from './role-assignments.service';
import { createUser, listUsers } from './users.service';

const IdParams = z.object({ id: z.uuid('id 格式不正确') });
const UserQuery = PageQuerySchema.extend({
  q: z.string().trim().max(50).optional(),
  active: z.enum(['true', 'false']).optional(),
});

export function usersRoutes(deps: Deps): FastifyPluginAsyncZod {
  const tags = ['用户'];
  return async (app) => {
    app.get(
      '/users',
      {
        config: { access: { permission: 'user.read' } },
        schema: { tags, summary: '用户列表', querystring: UserQuery, response: { 200: PageSchema(UserSchema) } },
      },
      async (req) => listUsers(deps, req.query),
    );
    app.post(
      '/users',
      {
        config: { access: { permission: 'user.create' } },
        schema: {
          tags,
          summary: '创建用户（首次登录须修改密码）',
          body: UserCreateInputSchema,
          response: { 201: UserSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await createUser(deps, actorOf(req), req.body)),
    );
    app.post(
      '/users/import',
      {
        config: { access: { permission: 'user.create' } },
        bodyLimit: 12 * 1024 * 1024,
        schema: {
          tags,
          summary: '从工作簿批量导入干部（任一行有误则整批不导入）',
          body: z.object({
            fileName: z.string().max(200),
            contentBase64: z.string().min(1, '请上传文件').max(11_000_000, '文件超过 8 MB 上限'),
            initialPassword: z.string().min(1, '请设置初始密码'),
          }),
          response: { 200: CadreImportResultSchema },
        },
      },
      async (req) =>
        importCadres(deps, actorOf(req), Buffer.from(req.body.contentBase64, 'base64'), req.body.initialPassword),
    );
    app.post(
      '/users/:id/deactivate',
      {
        config: { access: { permission: 'user.update' } },
        schema: {
          tags,
          summary: '停用用户',
          params: IdParams,
          body: z.object({ reason: z.string().trim().min(2, '请填写停用原因').max(200) }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await setUserActive(deps, actorOf(req), req.params.id, false, req.body.reason);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/users/:id/activate',
      {
        config: { access: { permission: 'user.update' } },
        schema: { tags, summary: '启用用户', params: IdParams, response: { 204: z.null() } },
      },
      async (req, reply) => {
        await setUserActive(deps, actorOf(req), req.params.id, true, '重新启用');
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/users/:id/handover',
      {
        config: { access: { permission: 'user.update' } },
        schema: {
          tags,
          summary: '工作交接：把该用户的全部角色转给接手人并停用该用户',
          params: IdParams,
          body: HandoverInputSchema,
          response: { 200: z.object({ moved: z.number(), merged: z.number() }) },
        },
      },
      async (req) => handOver(deps, actorOf(req), req.params.id, req.body.toUserId, req.body.reason),
    );

    app.get(
      '/role-assignments',
      {
        config: { access: { signedIn: true } },
        schema: {
          tags: ['角色分配'],
          summary: '角色分配（限本人范围）',
          querystring: z.object({ userId: z.uuid().optional(), role: z.enum(roles).optional() }),
          response: { 200: z.array(RoleAssignmentSchema) },
        },
      },
      async (req) => listRoleAssignments(deps, requireAuth(req), req.query),
    );
    app.post(
      '/role-assignments',
      {
        config: { access: { permission: 'user.update' } },
        schema: {
          tags: ['角色分配'],
          summary: '分配角色',
          body: RoleAssignmentInputSchema,
          response: { 201: RoleAssignmentSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await createRoleAssignment(deps, actorOf(req), req.body)),
    );
    app.delete(
      '/role-assignments/:id',
      {
        config: { access: { permission: 'user.update' } },
        schema: { tags: ['角色分配'], summary: '撤销角色', params: IdParams, response: { 204: z.null() } },
      },
      async (req, reply) => {
        await deleteRoleAssignment(deps, actorOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
