import { importStatusLabels } from '@anzhi/contracts/imports';
import type { ImportStatus } from '@anzhi/contracts/imports';
import { Tag } from 'antd';

const colors: Record<ImportStatus, string> = {
  uploaded: 'default',
  parsing: 'processing',
  parsed: 'gold',
  applying: 'processing',
  applied: 'success',
  failed: 'error',
  cancelled: 'default',
};

/** 已上传 / 解析中 / 待确认 / 导入中 / 已导入 / 失败 / 已取消. */
export function ImportStatusTag({ status }: { status: ImportStatus }) {
  return (
    <Tag color={colors[status]} data-testid="import-status">
      {importStatusLabels[status]}
    </Tag>
  );
}
