import type { ImportBatch } from '@anzhi/contracts/imports';
import { App, Button, Space } from 'antd';
import { useCancelImport, useConfirmImport } from '../hooks/useImports';
import { householdsToApply } from '../api';

/** 确认导入 (after a dialog stating what will be written) and 取消, as the batch's abilities allow. */
export function ConfirmImportButtons({ batch }: { batch: ImportBatch }) {
  const { modal } = App.useApp();
  const confirm = useConfirmImport();
  const cancel = useCancelImport();
  const c = batch.counts;

  const askConfirm = () =>
    modal.confirm({
      title: '确认导入？',
      content: (
        <div data-testid="import-confirm-content">
          <p>
            将 {householdsToApply(c)} 户写入花名册：新增 {c.new} 人，变更 {c.changed} 人，{c.unchanged} 人无变化。
          </p>
          {c.householdsWithErrors > 0 && (
            <p>
              {c.householdsWithErrors} 户有错误（{c.error} 行），整户跳过，不写入。
            </p>
          )}
          <p>导入不会删除花名册中已有的人员。</p>
        </div>
      ),
      okText: '确认导入',
      cancelText: '再看看',
      onOk: () => confirm.mutateAsync(batch.id).catch(() => undefined), // the error is shown as a message
    });

  const askCancel = () =>
    modal.confirm({
      title: '取消这次导入？',
      content: '取消后本批次不会写入花名册；需要时可重新上传。',
      okText: '取消导入',
      okButtonProps: { danger: true },
      cancelText: '返回',
      onOk: () => cancel.mutateAsync(batch.id).catch(() => undefined),
    });

  if (!batch.abilities.confirm && !batch.abilities.cancel) return null;
  return (
    <Space>
      {batch.abilities.confirm && (
        <Button type="primary" onClick={askConfirm} loading={confirm.isPending} data-testid="import-confirm">
          确认导入
        </Button>
      )}
      {batch.abilities.cancel && (
        <Button onClick={askCancel} loading={cancel.isPending} data-testid="import-cancel">
          取消
        </Button>
      )}
    </Space>
  );
}
