import type { ReactNode } from 'react';

export function StatGrid({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <dl className="stats" aria-label={label}>
      {children}
    </dl>
  );
}

/** One headline number; `testId` lets tests read the exact value shown. */
export function Stat({ label, children, hint, testId }: { label: string; children: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
      {hint ? <dd className="stat-hint">{hint}</dd> : null}
    </div>
  );
}
