import { csrfHeader } from '@anzhi/contracts/auth';
import { Button, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useCurrentMe } from '../features/auth/hooks/useCurrentMe';
import { uploadUrl } from '../features/attachments/api';

export interface AttachmentPickerProps {
  /** Ids of the uploads done so far (a form field: the record links them when it is saved). */
  value?: string[];
  onChange?: (ids: string[]) => void;
  'data-testid'?: string;
}

function idOf(file: UploadFile): string | null {
  const r: unknown = file.response;
  return file.status === 'done' && r && typeof r === 'object' && 'id' in r && typeof r.id === 'string' ? r.id : null;
}

/** Uploads evidence files (photos, minutes) for a record being written; the record's save links them. */
export function AttachmentPicker({ onChange, ...rest }: AttachmentPickerProps) {
  const me = useCurrentMe();
  const [files, setFiles] = useState<UploadFile[]>([]);
  return (
    <Upload
      name="file"
      action={uploadUrl}
      headers={{ [csrfHeader]: me.csrfToken }}
      data={{ purpose: 'evidence', personalData: 'false' }}
      fileList={files}
      multiple
      onChange={(info) => {
        setFiles(info.fileList);
        onChange?.(info.fileList.map(idOf).filter((id): id is string => id !== null));
      }}
      data-testid={rest['data-testid']}
    >
      <Button icon={<UploadOutlined />}>上传附件</Button>
    </Upload>
  );
}
