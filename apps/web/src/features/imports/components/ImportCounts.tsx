import { importRowClassLabels } from '@anzhi/contracts/imports';
import type { ImportCounts as Counts } from '@anzhi/contracts/imports';
import { Alert, Col, Row, Statistic } from 'antd';
import { householdsToApply } from '../api';

const colors = { new: '#389e0d', changed: '#d48806', unchanged: undefined, error: '#cf1322' } as const;

/** The dry run in numbers: rows per class, and (until applied) the households an error makes the apply skip. */
export function ImportCounts({ counts, applied }: { counts: Counts; applied: boolean }) {
  return (
    <div data-testid="import-counts">
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col span={4}>
          <Statistic title="数据行（人）" value={counts.rows} />
        </Col>
        {(['new', 'changed', 'unchanged', 'error'] as const).map((c) => (
          <Col span={4} key={c} data-testid={`import-count-${c}`}>
            <Statistic title={importRowClassLabels[c]} value={counts[c]} styles={{ content: { color: colors[c] } }} />
          </Col>
        ))}
        <Col span={4} data-testid="import-count-households">
          <Statistic title="户数" value={counts.households} />
        </Col>
      </Row>
      {applied ? null : counts.householdsWithErrors > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={`${counts.householdsWithErrors} 户有错误，确认导入时这些户整户跳过（不写入任何成员）；其余 ${householdsToApply(counts)} 户可以导入。`}
          description="可下载错误清单，在原文件上修改后重新上传；重新上传时已导入的户显示为“无变化”。"
          data-testid="import-households-with-errors"
        />
      ) : (
        <Alert type="success" showIcon title={`全部 ${counts.households} 户没有错误。`} />
      )}
    </div>
  );
}
