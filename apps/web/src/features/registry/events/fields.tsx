import { placements } from '@anzhi/contracts/registry';
import { localDate } from '@anzhi/domain/periods';
import { Col, Form, Input, Row, Select } from 'antd';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { SiteSelect } from '../../sites/components/SiteSelect';

/** Today in Asia/Shanghai (the default effective date; the server refuses later dates). */
export const todayLocal = (): string => localDate(new Date());

/** Blank text becomes null (the API's "not given"). */
export const blankToNull = (text: string | null | undefined): string | null => {
  const t = (text ?? '').trim();
  return t === '' ? null : t;
};

/** The effective date of an event (生效日期): a real date, not after today. */
export function EffectiveDateItem({ label, name = 'date' }: { label: string; name?: string }) {
  return (
    <Form.Item
      label={label}
      name={name}
      rules={[
        { required: true, message: `请选择${label}` },
        {
          validator: async (_r, v: string | undefined) => {
            if (v && v > todayLocal()) throw new Error(`${label}不能晚于今天`);
          },
        },
      ]}
      extra="按此日期生效：此前各月的统计不变"
    >
      <Input type="date" max={todayLocal()} style={{ width: 180 }} data-testid={`event-${name}`} />
    </Form.Item>
  );
}

export interface PlacementFormValues {
  placement: (typeof placements)[number];
  siteId: string | null;
  building: string;
  unit: string;
  room: string;
  destinationVillageCode: string | null;
}

/** 安置方式 with the site and room (集中安置) or the destination village (分散安置). */
export function PlacementFields() {
  const form = Form.useFormInstance<PlacementFormValues>();
  const placement = Form.useWatch('placement', form);
  return (
    <>
      <Form.Item label="安置方式" name="placement" rules={[{ required: true, message: '请选择安置方式' }]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={placements.map((p) => ({ value: p, label: p }))}
          style={{ width: 180 }}
        />
      </Form.Item>
      {placement === '分散安置' ? (
        <Form.Item label="安置村" name="destinationVillageCode" rules={[{ required: true, message: '请选择安置村' }]}>
          <DivisionSelect selectable="village" data-testid="event-village" />
        </Form.Item>
      ) : (
        <>
          <Form.Item label="安置点" name="siteId" rules={[{ required: true, message: '请选择安置点' }]}>
            <SiteSelect data-testid="event-site" />
          </Form.Item>
          <Row gutter={8}>
            {(['building', 'unit', 'room'] as const).map((key) => (
              <Col span={8} key={key}>
                <Form.Item label={{ building: '楼栋', unit: '单元', room: '房号' }[key]} name={key}>
                  <Input maxLength={20} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </>
      )}
    </>
  );
}

/** The placement part of an event request from the form values. */
export function placementInput(v: PlacementFormValues) {
  const dispersed = v.placement === '分散安置';
  return {
    placement: v.placement,
    siteId: dispersed ? null : v.siteId,
    building: dispersed ? null : blankToNull(v.building),
    unit: dispersed ? null : blankToNull(v.unit),
    room: dispersed ? null : blankToNull(v.room),
    destinationVillageCode: dispersed ? v.destinationVillageCode : null,
  };
}
