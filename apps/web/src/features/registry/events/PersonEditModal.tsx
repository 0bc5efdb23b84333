import type { Household, Person } from '@anzhi/contracts/registry';
import {
  disabilityGrades,
  educationLevels,
  employmentStatuses,
  healthStatuses,
  labourCapacities,
  politicalStatuses,
  studentStatuses,
} from '@anzhi/contracts/registry';
import { PersonUpdateInputSchema } from '@anzhi/contracts/registry-events';
import { Col, Form, Input, InputNumber, Row, Select, Spin, Switch } from 'antd';
import { notifySuccess } from '../../../api/feedback';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { FormModal } from '../../../components/FormModal';
import { showFieldErrors } from '../../../components/formErrors';
import { zodRule } from '../../../components/zodRule';
import { changeEmployment, changeHealth, changeLabour, updatePerson } from './api';
import { blankToNull, EffectiveDateItem, todayLocal } from './fields';
import { usePerson, useRegistryWrite } from './hooks';

const options = (list: readonly string[]) => list.map((v) => ({ value: v, label: v }));
const shape = PersonUpdateInputSchema.shape;

interface EditValues {
  name: string;
  ethnicity: string;
  politicalStatus: Person['politicalStatus'];
  education: Person['education'];
  studentStatus: Person['studentStatus'];
  medicalInsurance: boolean;
  pensionInsurance: boolean;
  dibao: boolean;
  tekun: boolean;
  phone: string;
  idNumber: string;
}

function EditForm({ person: p, onClose }: { person: Person; onClose: () => void }) {
  const [form] = Form.useForm<EditValues>();
  const save = useRegistryWrite((v: EditValues) =>
    updatePerson(p.id, {
      version: p.version,
      name: v.name,
      ethnicity: v.ethnicity,
      politicalStatus: v.politicalStatus,
      education: v.education,
      studentStatus: v.studentStatus,
      medicalInsurance: v.medicalInsurance,
      pensionInsurance: v.pensionInsurance,
      dibao: v.dibao,
      tekun: v.tekun,
      // The masked phone is shown as a placeholder: only a typed number (or clearing) changes it.
      ...(v.phone.trim() !== '' ? { phone: v.phone.trim() } : {}),
      ...(v.idNumber.trim() !== '' ? { documentType: '居民身份证' as const, idNumber: v.idNumber.trim() } : {}),
    }),
  );
  return (
    <FormModal<EditValues>
      form={form}
      title={`修改人员信息：${p.name}`}
      okText="保存"
      width={720}
      mutation={save}
      intro="健康状况、劳动技能、就业请用“按日期变更”办理，以便按月统计。"
      initialValues={{
        name: p.name,
        ethnicity: p.ethnicity,
        politicalStatus: p.politicalStatus,
        education: p.education,
        studentStatus: p.studentStatus,
        medicalInsurance: p.medicalInsurance,
        pensionInsurance: p.pensionInsurance,
        dibao: p.dibao,
        tekun: p.tekun,
        phone: '',
        idNumber: '',
      }}
      onFinish={(v) =>
        save.mutate(v, {
          onSuccess: () => {
            notifySuccess('已保存');
            onClose();
          },
          onError: (e) => showFieldErrors(form, e),
        })
      }
      onClose={onClose}
    >
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item label="姓名" name="name" rules={[zodRule(shape.name.unwrap())]}>
            <Input maxLength={50} data-testid="person-edit-name" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="民族" name="ethnicity" rules={[zodRule(shape.ethnicity.unwrap())]}>
            <Input maxLength={20} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="政治面貌" name="politicalStatus">
            <Select showSearch={{ optionFilterProp: 'label' }} options={options(politicalStatuses)} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="文化程度" name="education">
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={options(educationLevels)} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="在校生情况" name="studentStatus">
            <Select showSearch={{ optionFilterProp: 'label' }} options={options(studentStatuses)} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="联系电话" name="phone" extra="留空不修改">
            <Input maxLength={30} placeholder={p.phone ?? '未登记'} />
          </Form.Item>
        </Col>
        {p.documentType !== '居民身份证' && (
          <Col span={24}>
            <Form.Item label="身份证号码" name="idNumber" extra={`现为${p.documentType}；办理身份证后在此填写`}>
              <Input maxLength={18} />
            </Form.Item>
          </Col>
        )}
        {(['medicalInsurance', 'pensionInsurance', 'dibao', 'tekun'] as const).map((key) => (
          <Col span={6} key={key}>
            <Form.Item
              label={
                { medicalInsurance: '基本医疗保险', pensionInsurance: '养老保险', dibao: '低保', tekun: '特困供养' }[
                  key
                ]
              }
              name={key}
              valuePropName="checked"
            >
              <Switch checkedChildren="是" unCheckedChildren="否" />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </FormModal>
  );
}

/** 修改人员信息 (versioned: a stale edit answers 409 and nothing is overwritten). */
export function PersonEditModal({ personId, onClose }: { personId: string; onClose: () => void }) {
  const person = usePerson(personId);
  if (person.isPending) return <Spin fullscreen />;
  if (person.isError) return <ApiErrorAlert error={person.error} />;
  return <EditForm person={person.data} onClose={onClose} />;
}

export type FactKind = 'health' | 'labour' | 'employment';
const factTitles: Record<FactKind, string> = { health: '健康状况', labour: '劳动技能', employment: '务工就业' };

interface FactValues {
  date: string;
  health: Person['health'];
  disabilityGrade: Person['disabilityGrade'];
  labourCapacity: Person['labourCapacity'];
  status: (typeof employmentStatuses)[number] | undefined;
  employer: string;
  place: string;
  monthlyIncome: number | null;
}

/** 按日期变更 health, labour capacity or employment of a member: the new value holds from the date on. */
export function PersonFactModal({
  member,
  kind,
  onClose,
}: {
  member: Household['members'][number];
  kind: FactKind;
  onClose: () => void;
}) {
  const [form] = Form.useForm<FactValues>();
  const health = Form.useWatch('health', form);
  const change = useRegistryWrite((v: FactValues) => {
    if (kind === 'health')
      return changeHealth(member.personId, {
        date: v.date,
        health: v.health,
        disabilityGrade: v.health === '残疾' ? v.disabilityGrade : null,
      });
    if (kind === 'labour') return changeLabour(member.personId, { date: v.date, labourCapacity: v.labourCapacity });
    return changeEmployment(member.personId, {
      date: v.date,
      status: v.status!,
      employer: blankToNull(v.employer),
      place: blankToNull(v.place),
      monthlyIncome: v.monthlyIncome,
    });
  });
  return (
    <FormModal<FactValues>
      form={form}
      title={`${factTitles[kind]}变更：${member.name}`}
      okText="保存"
      mutation={change}
      intro="自变更日期起按新情况统计，此前各月保持原值。"
      initialValues={{
        date: todayLocal(),
        health: member.health,
        disabilityGrade: member.disabilityGrade,
        labourCapacity: member.labourCapacity,
        status: member.employment?.status,
        employer: member.employment?.employer ?? '',
        place: member.employment?.place ?? '',
        monthlyIncome: member.employment?.monthlyIncome ?? null,
      }}
      onFinish={(v) =>
        change.mutate(v, {
          onSuccess: () => {
            notifySuccess('已变更');
            onClose();
          },
          onError: (e) => showFieldErrors(form, e),
        })
      }
      onClose={onClose}
    >
      <EffectiveDateItem label="变更日期" />
      {kind === 'health' && (
        <>
          <Form.Item label="健康状况" name="health" rules={[{ required: true, message: '请选择健康状况' }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={options(healthStatuses)} />
          </Form.Item>
          {health === '残疾' && (
            <Form.Item label="残疾等级" name="disabilityGrade" rules={[{ required: true, message: '请选择残疾等级' }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={options(disabilityGrades)} />
            </Form.Item>
          )}
        </>
      )}
      {kind === 'labour' && (
        <Form.Item label="劳动技能" name="labourCapacity" rules={[{ required: true, message: '请选择劳动技能' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={options(labourCapacities)} />
        </Form.Item>
      )}
      {kind === 'employment' && (
        <>
          <Form.Item label="务工就业状态" name="status" rules={[{ required: true, message: '请选择务工就业状态' }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={options(employmentStatuses)} />
          </Form.Item>
          <Form.Item label="就业单位" name="employer">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label="就业地点" name="place">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label="月收入（元）" name="monthlyIncome">
            <InputNumber min={0} max={10_000_000} style={{ width: 180 }} />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
