import { z } from 'zod';
import {
  AssessmentEvidenceListSchema,
  AssessmentResultSchema,
  AssessmentWeightsSchema,
  AssessmentYearListSchema,
  ExperienceReportPageSchema,
  ExperienceReportSchema,
} from '@anzhi/contracts/assessment';
import type {
  AssessmentEvidenceList,
  AssessmentResult,
  AssessmentUnitKind,
  AssessmentWeights,
  AssessmentWeightsInput,
  AssessmentYearList,
  ExperienceMarkInput,
  ExperienceReport,
  ExperienceReportInput,
  ExperienceReportPage,
} from '@anzhi/contracts/assessment';
import { apiRequest } from '../../api/client';
import { toQueryString } from '../../api/query';

export const assessmentKeys = {
  all: ['assessment'] as const,
  years: ['assessment', 'years'] as const,
  weights: ['assessment', 'weights'] as const,
  result: (year: number) => ['assessment', 'result', year] as const,
  evidence: (year: number, unitKind: string, unitKey: string, indicatorId: string) =>
    ['assessment', 'evidence', year, unitKind, unitKey, indicatorId] as const,
  experience: (page: number, pageSize: number) => ['experience', page, pageSize] as const,
  experienceAll: ['experience'] as const,
};

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

export const fetchYears = (signal?: AbortSignal): Promise<AssessmentYearList> =>
  apiRequest('/assessments', AssessmentYearListSchema, opts(signal));

export const fetchWeights = (signal?: AbortSignal): Promise<AssessmentWeights> =>
  apiRequest('/assessments/weights', AssessmentWeightsSchema, opts(signal));

export const saveWeights = (input: AssessmentWeightsInput): Promise<AssessmentWeights> =>
  apiRequest('/assessments/weights', AssessmentWeightsSchema, { method: 'PUT', body: input });

export const fetchResult = (year: number, signal?: AbortSignal): Promise<AssessmentResult> =>
  apiRequest(`/assessments/${year}`, AssessmentResultSchema, opts(signal));

export const fetchEvidence = (
  year: number,
  q: { unitKind: AssessmentUnitKind; unitKey: string; indicatorId: string },
  signal?: AbortSignal,
): Promise<AssessmentEvidenceList> =>
  apiRequest(`/assessments/${year}/evidence${toQueryString(q)}`, AssessmentEvidenceListSchema, opts(signal));

export const computeYear = (year: number): Promise<{ jobId: string }> =>
  apiRequest(`/assessments/${year}/compute`, z.object({ jobId: z.string() }), {
    method: 'POST',
    body: { id: crypto.randomUUID() },
  });

export const fetchExperience = (page: number, pageSize: number, signal?: AbortSignal): Promise<ExperienceReportPage> =>
  apiRequest(`/experience-reports${toQueryString({ page, pageSize })}`, ExperienceReportPageSchema, opts(signal));

export const submitExperience = (input: ExperienceReportInput): Promise<ExperienceReport> =>
  apiRequest('/experience-reports', ExperienceReportSchema, { method: 'POST', body: input });

export const markExperience = (id: string, input: ExperienceMarkInput): Promise<ExperienceReport> =>
  apiRequest(`/experience-reports/${encodeURIComponent(id)}/mark`, ExperienceReportSchema, {
    method: 'PUT',
    body: input,
  });
