import { Button, Result } from 'antd';

/** Shown when rendering a page throws (router `errorElement`). */
export function RouteErrorPage() {
  return (
    <Result
      status="error"
      title="页面出错了"
      subTitle="页面加载时发生错误，请刷新后重试。如果问题持续出现，请联系系统管理员。"
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          刷新页面
        </Button>
      }
    />
  );
}
