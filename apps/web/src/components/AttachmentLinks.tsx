import { Space } from 'antd';
import { downloadUrl } from '../features/attachments/api';

/** Download links of a record's attachments (the server checks access per file). */
export function AttachmentLinks({ ids }: { ids: readonly string[] }) {
  if (ids.length === 0) return <>—</>;
  return (
    <Space size={4} wrap>
      {ids.map((id, i) => (
        <a key={id} href={downloadUrl(id)}>
          附件{i + 1}
        </a>
      ))}
    </Space>
  );
}
