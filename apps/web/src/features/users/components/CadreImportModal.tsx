import { passwordPolicyText } from '@anzhi/contracts/auth';
import type { CadreImportResult } from '@anzhi/contracts/org';
import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Result, Table, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useImportCadres } from '../hooks/useUsers';

const maxBytes = 8 * 1024 * 1024;

type RowError = CadreImportResult['errors'][number];

const errorColumns: TableColumnsType<RowError> = [
  { title: '行号', dataIndex: 'row', width: 70 },
  { title: '列', dataIndex: 'column', width: 110 },
  { title: '问题', dataIndex: 'message' },
];

interface PickedFile {
  name: string;
  base64: string;
}

/** The file's bytes as base64 (without the `data:…;base64,` prefix). */
function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error('无法读取文件'));
    reader.readAsDataURL(file);
  });
}

/**
 * 批量导入干部: an .xlsx read in the browser and sent with an initial password. Any row with an
 * error imports nothing; the errors are listed by row and column. Mount only while open.
 */
export function CadreImportModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<{ initialPassword: string }>();
  const [file, setFile] = useState<PickedFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const importing = useImportCadres();
  const result = importing.data;

  const onFinish = ({ initialPassword }: { initialPassword: string }) => {
    if (file === null) {
      setFileError('请选择要导入的 Excel 文件');
      return;
    }
    importing.mutate({ fileName: file.name, contentBase64: file.base64, initialPassword });
  };

  if (result?.ok === true) {
    return (
      <Modal open title="批量导入干部" onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>}>
        <Result
          status="success"
          title={`已导入 ${result.created} 个账户`}
          subTitle="新账户首次登录时须修改初始密码。"
          data-testid="import-done"
        />
      </Modal>
    );
  }

  return (
    <Modal
      open
      title="批量导入干部"
      okText="导入"
      width={720}
      confirmLoading={importing.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        上传 Excel（.xlsx）干部名单，第一个工作表的表头可包含以下列：
        <Typography.Text strong>姓名、用户名、手机号、角色、乡镇、村（社区）、安置点、单位</Typography.Text>
        。其中姓名、用户名、角色为必填；乡镇用户须填乡镇，迁出地村干部须填村（社区），点长和安置点管理员须填安置点，县直部门用户须填单位。表头上方可以有标题行。
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        角色可写“乡镇用户”“点长”“安置点管理员”“帮扶干部”“迁出地村干部”“县直部门用户”等；任一行有误时整批不导入。
      </Typography.Paragraph>
      <ApiErrorAlert error={importing.error} />
      {result?.ok === false && (
        <>
          <Alert
            type="error"
            showIcon
            title={`文件中有 ${result.errors.length} 处问题，未导入任何账户。请修改后重新上传。`}
            style={{ marginBottom: 12 }}
          />
          <Table<RowError>
            rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
            size="small"
            columns={errorColumns}
            dataSource={result.errors}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            style={{ marginBottom: 16 }}
            data-testid="import-errors"
          />
        </>
      )}
      <Upload.Dragger
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        maxCount={1}
        fileList={file === null ? [] : [{ uid: 'picked', name: file.name, status: 'done' }]}
        onRemove={() => setFile(null)}
        beforeUpload={async (picked) => {
          setFileError(null);
          importing.reset();
          if (!picked.name.toLowerCase().endsWith('.xlsx')) {
            setFileError('只支持 .xlsx 格式的 Excel 文件');
          } else if (picked.size > maxBytes) {
            setFileError('文件超过 8 MB 上限');
          } else {
            setFile({ name: picked.name, base64: await readAsBase64(picked) });
          }
          return Upload.LIST_IGNORE; // read here; nothing is uploaded by the Upload itself
        }}
        style={{ marginBottom: 8 }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">点击或拖拽 Excel 文件到此处</p>
        <p className="ant-upload-hint">仅 .xlsx，不超过 8 MB</p>
      </Upload.Dragger>
      {fileError !== null && <Alert type="warning" showIcon title={fileError} style={{ marginBottom: 8 }} />}
      <Form form={form} layout="vertical" initialValues={{ initialPassword: '' }} onFinish={onFinish}>
        <Form.Item
          label="初始密码"
          name="initialPassword"
          extra={`${passwordPolicyText}；导入的账户首次登录时须修改`}
          rules={[{ required: true, message: '请设置初始密码' }]}
          style={{ marginTop: 16, marginBottom: 0 }}
        >
          <Input.Password autoComplete="new-password" data-testid="import-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
