import { SiteInputSchema, siteTypes } from '@anzhi/contracts/org';
import type { Site, SiteInput } from '@anzhi/contracts/org';
import { uuidv7 } from '@anzhi/domain/ids';
import { Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import { useState } from 'react';
import { notifySuccess } from '../../../api/feedback';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { FormModal } from '../../../components/FormModal';
import { showFieldErrors } from '../../../components/formErrors';
import { zodRule } from '../../../components/zodRule';
import { useSaveSite } from '../hooks/useSites';

interface SiteFormValues {
  name: string;
  type: SiteInput['type'] | undefined;
  townshipCode: string | null;
  villageCode: string | null;
  address: string;
  latitude: number | null;
  longitude: number | null;
  hasCommittee: boolean;
  urbanCommunity: boolean;
  serviceWindow: string;
  facilities: string;
}

function initialValues(site: Site | undefined): SiteFormValues {
  return {
    name: site?.name ?? '',
    type: site?.type,
    townshipCode: site?.townshipCode ?? null,
    villageCode: site?.villageCode ?? null,
    address: site?.address ?? '',
    latitude: site?.latitude ?? null,
    longitude: site?.longitude ?? null,
    hasCommittee: site?.hasCommittee ?? false,
    urbanCommunity: site?.urbanCommunity ?? false,
    serviceWindow: site?.serviceWindow ?? '',
    facilities: site?.facilities ?? '',
  };
}

const blankToNull = (text: string | undefined): string | null => {
  const trimmed = (text ?? '').trim();
  return trimmed === '' ? null : trimmed;
};

export interface SiteFormModalProps {
  /** The site to edit; leave out to create one. */
  site?: Site;
  onClose: () => void;
  onSaved?: (site: Site) => void;
}

const shape = SiteInputSchema.shape;

/** 新建 / 编辑安置点 in a modal; mount it only while open (it keeps a client id for the create). */
export function SiteFormModal({ site, onClose, onSaved }: SiteFormModalProps) {
  const [form] = Form.useForm<SiteFormValues>();
  // A client-generated id makes a repeated create (double click, retry) create nothing twice.
  const [clientId] = useState(() => uuidv7());
  const save = useSaveSite();
  const townshipCode = Form.useWatch('townshipCode', form);

  const onFinish = (values: SiteFormValues) => {
    const parsed = SiteInputSchema.safeParse({
      ...(site === undefined ? { id: clientId } : {}),
      name: values.name,
      type: values.type,
      townshipCode: values.townshipCode ?? '',
      villageCode: values.villageCode,
      address: blankToNull(values.address),
      latitude: values.latitude,
      longitude: values.longitude,
      hasCommittee: values.hasCommittee,
      urbanCommunity: values.urbanCommunity,
      serviceWindow: blankToNull(values.serviceWindow),
      facilities: blankToNull(values.facilities),
    });
    if (!parsed.success) return;
    save.mutate(
      { ...(site === undefined ? {} : { siteId: site.id }), input: parsed.data },
      {
        onSuccess: (saved) => {
          notifySuccess(site === undefined ? `已新建安置点“${saved.name}”` : '已保存');
          onSaved?.(saved);
          onClose();
        },
        onError: (error) => showFieldErrors(form, error),
      },
    );
  };

  return (
    <FormModal<SiteFormValues>
      form={form}
      title={site === undefined ? '新建安置点' : `编辑安置点：${site.name}`}
      okText="保存"
      width={720}
      mutation={save}
      initialValues={initialValues(site)}
      onFinish={onFinish}
      onClose={onClose}
    >
      <Row gutter={16}>
        <Col span={14}>
          <Form.Item label="名称" name="name" required rules={[zodRule(shape.name)]}>
            <Input maxLength={60} data-testid="site-form-name" />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item label="类型" name="type" rules={[{ required: true, message: '请选择安置点类型' }]}>
            <Select
              placeholder="请选择"
              options={siteTypes.map((t) => ({ value: t, label: t }))}
              data-testid="site-form-type"
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="乡镇" name="townshipCode" rules={[{ required: true, message: '请选择所属乡镇' }]}>
            <DivisionSelect
              selectable="township"
              onChange={() => form.setFieldValue('villageCode', null)}
              data-testid="site-form-township"
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="村（社区）" name="villageCode">
            <DivisionSelect
              selectable="village"
              townshipCode={townshipCode ?? null}
              disabled={townshipCode === null || townshipCode === undefined}
              placeholder={townshipCode ? '请选择村（社区）' : '请先选择乡镇'}
              data-testid="site-form-village"
            />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item label="地址" name="address" rules={[zodRule(shape.address)]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="纬度" name="latitude">
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="经度" name="longitude">
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="设有社区居委会" name="hasCommittee" valuePropName="checked">
            <Switch checkedChildren="是" unCheckedChildren="否" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label="城市社区管辖"
            name="urbanCommunity"
            valuePropName="checked"
            tooltip="由县城市社区党工委、管委会管辖的县城安置点"
          >
            <Switch checkedChildren="是" unCheckedChildren="否" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item label="服务窗口" name="serviceWindow" rules={[zodRule(shape.serviceWindow)]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item label="配套设施" name="facilities" rules={[zodRule(shape.facilities)]}>
            <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
