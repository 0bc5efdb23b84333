import { PageSchema } from '@anzhi/contracts/common';
import {
  PlanItemSchema,
  PlanSchema,
  TaskGridSchema,
  TaskInstanceDetailSchema,
  TaskInstanceSchema,
} from '@anzhi/contracts/supervision';
import type {
  Plan,
  PlanItem,
  PlanItemInput,
  TaskGrid,
  TaskInstance,
  TaskInstanceDetail,
  TaskReportInput,
  TaskReviewInput,
  TaskStatus,
} from '@anzhi/contracts/supervision';
import { apiRequest } from '../../api/client';
import { toQueryString } from '../../api/query';

export interface TaskQuery {
  planId?: string | undefined;
  unitId?: string | undefined;
  status?: TaskStatus | undefined;
  row?: number | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  mine?: boolean | undefined;
  leading?: boolean | undefined;
  page: number;
  pageSize: number;
}

export interface TaskPage {
  items: TaskInstance[];
  total: number;
  page: number;
  pageSize: number;
}

const TaskPageSchema = PageSchema(TaskInstanceSchema);

export const supervisionKeys = {
  all: ['supervision'] as const,
  plans: ['supervision', 'plans'] as const,
  items: (planId: string) => ['supervision', 'items', planId] as const,
  tasks: (q: TaskQuery) => ['supervision', 'tasks', q] as const,
  task: (id: string) => ['supervision', 'task', id] as const,
  grid: (planId: string, at: string | undefined) => ['supervision', 'grid', planId, at] as const,
};

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

export const fetchPlans = (signal?: AbortSignal): Promise<Plan[]> =>
  apiRequest('/plans', PlanSchema.array(), opts(signal));

export const fetchPlanItems = (planId: string, signal?: AbortSignal): Promise<PlanItem[]> =>
  apiRequest(`/plans/${encodeURIComponent(planId)}/items`, PlanItemSchema.array(), opts(signal));

export const publishPlan = (planId: string): Promise<Plan> =>
  apiRequest(`/plans/${encodeURIComponent(planId)}/publish`, PlanSchema, { method: 'POST', body: {} });

export const rollPlan = (planId: string, input: { id: string; year: number }): Promise<Plan> =>
  apiRequest(`/plans/${encodeURIComponent(planId)}/roll`, PlanSchema, { method: 'POST', body: input });

export function fetchTasks(q: TaskQuery, signal?: AbortSignal): Promise<TaskPage> {
  const query = { ...q, mine: q.mine ? 'true' : undefined, leading: q.leading ? 'true' : undefined };
  return apiRequest(`/task-instances${toQueryString(query)}`, TaskPageSchema, opts(signal));
}

export const fetchTask = (id: string, signal?: AbortSignal): Promise<TaskInstanceDetail> =>
  apiRequest(`/task-instances/${encodeURIComponent(id)}`, TaskInstanceDetailSchema, opts(signal));

export const submitReport = (id: string, input: TaskReportInput): Promise<TaskInstanceDetail> =>
  apiRequest(`/task-instances/${encodeURIComponent(id)}/reports`, TaskInstanceDetailSchema, {
    method: 'POST',
    body: input,
  });

export const reviewTask = (id: string, input: TaskReviewInput): Promise<TaskInstanceDetail> =>
  apiRequest(`/task-instances/${encodeURIComponent(id)}/review`, TaskInstanceDetailSchema, {
    method: 'POST',
    body: input,
  });

export const fetchGrid = (planId: string, at: string | undefined, signal?: AbortSignal): Promise<TaskGrid> =>
  apiRequest(`/task-instances/grid${toQueryString({ planId, at })}`, TaskGridSchema, opts(signal));

export const addPlanItem = (planId: string, input: PlanItemInput): Promise<PlanItem> =>
  apiRequest(`/plans/${encodeURIComponent(planId)}/items`, PlanItemSchema, { method: 'POST', body: input });

export const updatePlanItem = (planId: string, itemId: string, input: PlanItemInput): Promise<PlanItem> =>
  apiRequest(`/plans/${encodeURIComponent(planId)}/items/${encodeURIComponent(itemId)}`, PlanItemSchema, {
    method: 'PUT',
    body: input,
  });
