import type { Site } from '@anzhi/contracts/org';
import { Button, Form, Input } from 'antd';
import { useState } from 'react';
import { notifySuccess } from '../../../api/feedback';
import { FormModal } from '../../../components/FormModal';
import { showFieldErrors } from '../../../components/formErrors';
import { SiteSelect } from '../../sites/components/SiteSelect';
import { closeSite, mergeSite } from './api';
import { blankToNull, EffectiveDateItem, todayLocal } from './fields';
import { useRegistryWrite } from './hooks';

interface MergeValues {
  targetSiteId: string | null;
  date: string;
  note: string;
}

function MergeSiteModal({ site, onClose }: { site: Site; onClose: () => void }) {
  const [form] = Form.useForm<MergeValues>();
  const merge = useRegistryWrite((v: MergeValues) =>
    mergeSite(site.id, { targetSiteId: v.targetSiteId!, date: v.date, note: blankToNull(v.note) }),
  );
  return (
    <FormModal<MergeValues>
      form={form}
      title={`合并安置点：${site.name}`}
      okText="确认合并"
      danger
      mutation={merge}
      intro={`本点现有 ${site.households} 户将于合并日期起迁入目标安置点（房号不变），本点随即撤销；此前各月仍计入本点。`}
      initialValues={{ targetSiteId: null, date: todayLocal(), note: '' }}
      onFinish={(v) =>
        merge.mutate(v, {
          onSuccess: (r) => {
            notifySuccess(`已合并，迁移 ${r.movedHouseholds} 户`);
            onClose();
          },
          onError: (e) => showFieldErrors(form, e),
        })
      }
      onClose={onClose}
    >
      <Form.Item
        label="合并到"
        name="targetSiteId"
        rules={[
          { required: true, message: '请选择合并到的安置点' },
          {
            validator: async (_r, v: string | null) => {
              if (v === site.id) throw new Error('不能合并到自身');
            },
          },
        ]}
      >
        <SiteSelect data-testid="merge-target" />
      </Form.Item>
      <EffectiveDateItem label="合并日期" />
      <Form.Item label="说明" name="note">
        <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
    </FormModal>
  );
}

function CloseSiteModal({ site, onClose }: { site: Site; onClose: () => void }) {
  const [form] = Form.useForm<{ date: string; note: string }>();
  const close = useRegistryWrite((v: { date: string; note: string }) =>
    closeSite(site.id, { date: v.date, note: blankToNull(v.note) }),
  );
  return (
    <FormModal<{ date: string; note: string }>
      form={form}
      title={`撤销安置点：${site.name}`}
      okText="确认撤销"
      danger
      mutation={close}
      intro="只有已无居住户的安置点才能撤销；仍有住户时请先迁出，或合并到其他安置点。"
      initialValues={{ date: todayLocal(), note: '' }}
      onFinish={(v) =>
        close.mutate(v, {
          onSuccess: () => {
            notifySuccess('已撤销');
            onClose();
          },
          onError: (e) => showFieldErrors(form, e),
        })
      }
      onClose={onClose}
    >
      <EffectiveDateItem label="撤销日期" />
      <Form.Item label="说明" name="note">
        <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
    </FormModal>
  );
}

/** 合并 / 撤销 buttons of the site page, for a viewer who may manage the (active) site. */
export function SiteEventActions({ site }: { site: Site }) {
  const [open, setOpen] = useState<'merge' | 'close' | null>(null);
  if (!site.abilities.update || site.status !== 'active') return null;
  return (
    <>
      <Button onClick={() => setOpen('merge')} data-testid="site-merge">
        合并到其他安置点
      </Button>
      <Button danger onClick={() => setOpen('close')} data-testid="site-close">
        撤销
      </Button>
      {open === 'merge' && <MergeSiteModal site={site} onClose={() => setOpen(null)} />}
      {open === 'close' && <CloseSiteModal site={site} onClose={() => setOpen(null)} />}
    </>
  );
}
