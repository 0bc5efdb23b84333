import type { ChiefAssignment, ChiefTask } from '@anzhi/contracts/chiefs';
import { Button, Checkbox, Drawer, Input, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useUpdateAssignment } from '../hooks/useChiefs';

export interface AssignmentDrawerProps {
  assignment: ChiefAssignment;
  /** Managers edit the duties; the chief keeps the plan and the task list. */
  canEditDuties: boolean;
  onClose: () => void;
}

/** A chief's plan (帮扶规划), duties (工作职责) and task list (任务清单), §1. */
export function AssignmentDrawer({ assignment, canEditDuties, onClose }: AssignmentDrawerProps) {
  const editable = assignment.abilities.update;
  const [plan, setPlan] = useState(assignment.plan);
  const [duties, setDuties] = useState(assignment.duties.join('\n'));
  const [tasks, setTasks] = useState<ChiefTask[]>(assignment.tasks);
  const [newTask, setNewTask] = useState('');
  const mutation = useUpdateAssignment();
  const save = () =>
    mutation.mutate(
      {
        id: assignment.id,
        patch: {
          plan,
          tasks,
          ...(canEditDuties
            ? {
                duties: duties
                  .split('\n')
                  .map((d) => d.trim())
                  .filter(Boolean),
              }
            : {}),
        },
      },
      { onSuccess: onClose },
    );
  const title = `${assignment.userDisplayName} · ${assignment.siteName ?? '总点长'}`;
  return (
    <Drawer
      open
      size="large"
      title={title}
      onClose={onClose}
      extra={
        editable && (
          <Button type="primary" loading={mutation.isPending} onClick={save}>
            保存
          </Button>
        )
      }
    >
      <ApiErrorAlert error={mutation.error} />
      <Typography.Title level={5}>帮扶规划</Typography.Title>
      <Input.TextArea rows={4} value={plan} onChange={(e) => setPlan(e.target.value)} disabled={!editable} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        工作职责
      </Typography.Title>
      {canEditDuties ? (
        <Input.TextArea rows={5} value={duties} onChange={(e) => setDuties(e.target.value)} />
      ) : (
        <List size="small" dataSource={assignment.duties} renderItem={(d) => <List.Item>{d}</List.Item>} />
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        任务清单
      </Typography.Title>
      <List
        size="small"
        dataSource={tasks}
        locale={{ emptyText: '暂无任务' }}
        renderItem={(t) => (
          <List.Item>
            <Checkbox
              checked={t.done}
              disabled={!editable}
              onChange={(e) => setTasks(tasks.map((x) => (x.id === t.id ? { ...x, done: e.target.checked } : x)))}
            >
              {t.title}
              {t.due && <Typography.Text type="secondary">（{t.due} 前）</Typography.Text>}
            </Checkbox>
          </List.Item>
        )}
      />
      {editable && (
        <Space.Compact style={{ width: '100%', marginTop: 8 }}>
          <Input value={newTask} onChange={(e) => setNewTask(e.target.value)} placeholder="新增任务" maxLength={200} />
          <Button
            disabled={newTask.trim() === ''}
            onClick={() => {
              setTasks([
                ...tasks,
                { id: crypto.randomUUID().slice(0, 8), title: newTask.trim(), due: null, done: false },
              ]);
              setNewTask('');
            }}
          >
            添加
          </Button>
        </Space.Compact>
      )}
    </Drawer>
  );
}
