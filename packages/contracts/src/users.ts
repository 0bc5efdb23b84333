import { z } from 'zod';
import { roles } from './permissions';

export const UserCreateInputSchema = z
  .object({
    id: z.uuid('id 必须是 UUID').optional(),
    username: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.-]{3,64}$/, '用户名为 3–64 位字母、数字、下划线、点或连字符'),
    displayName: z.string().trim().min(1, '请输入姓名').max(64, '姓名过长'),
    password: z.string().min(1, '请输入初始密码').max(256),
    /** Roles whose scope is the whole county (or needs no record); scoped roles go in `assignments`. */
    roles: z.array(z.enum(roles)).default([]),
    assignments: z
      .array(
        z.object({
          role: z.enum(roles),
          divisionCode: z.string().nullable().optional(),
          siteId: z.uuid().nullable().optional(),
          unitId: z.uuid().nullable().optional(),
        }),
      )
      .default([]),
    phone: z.string().trim().max(20).optional(),
  })
  .refine((u) => u.roles.length + u.assignments.length > 0, { message: '至少分配一个角色', path: ['roles'] });
export type UserCreateInput = z.infer<typeof UserCreateInputSchema>;

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(roles)),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  /** Masked (first 3 and last 4 digits). */
  phone: z.string().nullable(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;
