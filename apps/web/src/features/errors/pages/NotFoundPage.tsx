import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';

export interface NotFoundPageProps {
  /** What is missing, e.g. the API's "安置点不存在或无权查看" for a record out of scope. */
  subTitle?: string;
}

/** Every path no route matches; also shown in place of a record the API answers 404 for. */
export function NotFoundPage({ subTitle = '抱歉，您访问的页面不存在。' }: NotFoundPageProps) {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      data-testid="not-found"
      title="404"
      subTitle={subTitle}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          返回首页
        </Button>
      }
    />
  );
}
