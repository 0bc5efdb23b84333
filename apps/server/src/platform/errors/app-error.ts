import { errorStatus, type ErrorCode } from '@anzhi/contracts/errors';

/** The one error type services throw. The handler turns it into `{ error, message, details }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what = '记录') => new AppError('NOT_FOUND', `${what}不存在或无权查看`);
export const forbidden = (message = '您没有执行此操作的权限') => new AppError('FORBIDDEN', message);
