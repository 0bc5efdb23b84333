import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';

/** `/403`: the user lacks the permission for a page. */
export function ForbiddenPage() {
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      data-testid="forbidden"
      title="403"
      subTitle="抱歉，您没有权限访问此页面。"
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          返回首页
        </Button>
      }
    />
  );
}
