import { z } from 'zod';
import { roles } from './permissions';

export const passwordPolicyText = '密码至少 8 位，且包含大写字母、小写字母、数字、符号中的至少三类';

export const LoginInputSchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64, '用户名过长'),
  password: z.string().min(1, '请输入密码').max(256, '密码过长'),
});
export type LoginInput = z.infer<typeof LoginInputSchema>;

export const TotpCodeInputSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '请输入 6 位数字验证码'),
});
export type TotpCodeInput = z.infer<typeof TotpCodeInputSchema>;

export const PasswordChangeInputSchema = z.object({
  currentPassword: z.string().min(1, '请输入当前密码').max(256),
  newPassword: z.string().min(1, '请输入新密码').max(256, '密码过长'),
});
export type PasswordChangeInput = z.infer<typeof PasswordChangeInputSchema>;

/** What still has to happen before the session is fully signed in. */
export const pendingSteps = ['totp', 'password_change', 'totp_enroll'] as const;
export type PendingStep = (typeof pendingSteps)[number];

export const MeSchema = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(roles)),
    totpEnabled: z.boolean(),
  }),
  pending: z.enum(pendingSteps).nullable(),
  permissions: z.array(z.string()),
  csrfToken: z.string(),
  idleTimeoutSeconds: z.number(),
});
export type Me = z.infer<typeof MeSchema>;

export const TotpEnrollmentSchema = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
});
export type TotpEnrollment = z.infer<typeof TotpEnrollmentSchema>;

export const csrfHeader = 'x-csrf-token';
export const sessionCookie = 'anzhi_session';
