import { Suspense, lazy } from 'react';
import type { ChartOption } from '../lib/chartOptions.js';

// ECharts is most of the bundle: it loads with the first chart, not with the sign-in page.
const EChart = lazy(() => import('./EChart.js'));

export function Chart(props: { option: ChartOption; label: string; height?: number }) {
  return (
    <Suspense fallback={<div className="chart" role="img" aria-label={props.label} style={{ height: props.height ?? 280 }} />}>
      <EChart {...props} />
    </Suspense>
  );
}
