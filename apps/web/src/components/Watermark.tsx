import { Watermark as AntWatermark } from 'antd';
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { formatLocal } from '@anzhi/domain/periods';
import { useCurrentMe } from '../features/auth/hooks/useCurrentMe';

export interface WatermarkProps {
  children: ReactNode;
}

/** The current time to the minute, in Asia/Shanghai; re-renders only when the minute changes. */
function useMinuteStamp(): string {
  const [stamp, setStamp] = useState(() => formatLocal(new Date()));
  useEffect(() => {
    const timer = window.setInterval(() => setStamp(formatLocal(new Date())), 10_000);
    return () => window.clearInterval(timer);
  }, []);
  return stamp;
}

/**
 * Marks pages that show personal data with the viewer's name and the current time,
 * so screenshots and photos of the screen can be traced. Use below the signed-in layout.
 */
export function Watermark({ children }: WatermarkProps) {
  const me = useCurrentMe();
  const stamp = useMinuteStamp();
  // The wrapper's data attribute names the marked content for tests and audits (the mark itself is an image).
  return (
    <div data-watermark={`${me.user.displayName} ${stamp}`}>
      <AntWatermark
        content={[me.user.displayName, stamp]}
        font={{ color: 'rgba(0, 0, 0, 0.08)', fontSize: 14 }}
        gap={[120, 120]}
      >
        {children}
      </AntWatermark>
    </div>
  );
}
