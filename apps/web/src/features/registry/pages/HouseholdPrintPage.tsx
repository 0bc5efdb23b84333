import { PrinterOutlined } from '@ant-design/icons';
import { Button, Descriptions, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation, useParams, useSearchParams } from 'react-router';
import { formatLocal } from '@anzhi/domain/periods';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { Watermark } from '../../../components/Watermark';
import { CurrentMeContext, useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { useMe } from '../../auth/hooks/useMe';
import { placeText } from '../components/householdFormat';
import { EmploymentSection, HousingSection, LandsTable, MembersTable } from '../components/HouseholdSections';
import { HouseholdTimeline } from '../components/HouseholdTimeline';
import { useHousehold } from '../hooks/useRegistry';

/** A4 portrait, no app chrome; the 打印 button and links are not printed; sections do not break inside a row. */
const printCss = `
@page { size: A4 portrait; margin: 12mm; }
.household-print { max-width: 186mm; margin: 0 auto; padding: 16px 0; background: #fff; }
.household-print h1 { text-align: center; font-size: 22px; margin: 0 0 4px; }
.household-print h2 { font-size: 15px; border-left: 4px solid #1677ff; padding-left: 8px; margin: 18px 0 8px; }
.household-print section { break-inside: avoid; }
.household-print tr { break-inside: avoid; }
@media print {
  .no-print { display: none !important; }
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** Ideographic space: room between fields (and to sign by hand). */
const gap = '\u3000';

/** Signed in, but without the menu and header: a page made for paper. */
function PrintShell({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.data === undefined)
    return me.isError ? <ApiErrorAlert error={me.error} /> : <Spin style={{ display: 'block', margin: 48 }} />;
  if (me.data === null || me.data.pending !== null)
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return <CurrentMeContext value={me.data}>{children}</CurrentMeContext>;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function HouseholdFile() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const household = useHousehold(id, params.get('asOf') ?? undefined);
  const me = useCurrentMe();
  if (household.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (household.isError) return <ApiErrorAlert error={household.error} />;
  const h = household.data;
  const head = h.members.find((m) => m.relation === '户主');
  return (
    <Watermark>
      <div className="household-print" data-testid="household-print">
        <style>{printCss}</style>
        <div className="no-print" style={{ textAlign: 'right', marginBottom: 8 }}>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-button">
            打印
          </Button>
        </div>
        <h1>易地扶贫搬迁户一户一档</h1>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {`户编号 ${h.householdNumber}${gap}成员日期 ${h.asOf}${gap}打印人 ${me.user.displayName}${gap}${formatLocal(new Date())}`}
        </Typography.Paragraph>
        <Section title="一、基本情况">
          <Descriptions
            bordered
            size="small"
            column={2}
            items={[
              { key: 'head', label: '户主', children: head?.name ?? '—' },
              { key: 'category', label: '户类别', children: h.category },
              { key: 'year', label: '搬迁年度', children: h.relocationYear },
              { key: 'origin', label: '迁出村', children: h.originVillageName ?? '—' },
              { key: 'township', label: '乡镇', children: h.townshipName ?? '—' },
              { key: 'placement', label: '安置方式', children: h.placement },
              { key: 'place', label: '安置地址', children: placeText(h), span: 2 },
              { key: 'monitoring', label: '监测状态', children: h.monitoringStatus },
              { key: 'phone', label: '联系电话', children: h.phone ?? '—' },
            ]}
          />
        </Section>
        <Section title={`二、家庭成员（${h.memberCount} 人）`}>
          <MembersTable household={h} printable />
        </Section>
        <Section title="三、住房">
          <HousingSection household={h} />
        </Section>
        <Section title="四、三块地">
          <LandsTable lands={h.lands} />
        </Section>
        <Section title="五、就业">
          <EmploymentSection household={h} />
        </Section>
        <Section title="六、变更记录">
          <HouseholdTimeline householdId={h.id} />
        </Section>
        <Typography.Paragraph style={{ marginTop: 32 }}>
          {['填表人：', '审核人：', '户主签字：', '日期：'].join(gap.repeat(6))}
        </Typography.Paragraph>
      </div>
    </Watermark>
  );
}

/** `/households/:id/print`: the printable 一户一档 (fixed layout, watermark with the viewer and the time). */
export function HouseholdPrintPage() {
  return (
    <PrintShell>
      <HouseholdFile />
    </PrintShell>
  );
}
