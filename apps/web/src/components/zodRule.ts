import type { FormRule } from 'antd';

/** Anything with zod's `safeParse` (e.g. a field of a schema from @anzhi/contracts). */
export interface FieldSchema {
  safeParse(
    value: unknown,
  ): { success: true } | { success: false; error: { issues: ReadonlyArray<{ message: string }> } };
}

/** An antd Form rule that validates the field with a zod schema and shows its (Chinese) message. */
export function zodRule(schema: FieldSchema): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      const result = schema.safeParse(value ?? '');
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? '输入不正确');
    },
  };
}
