// Two ways to make a long timeseries short, both pure:
// - `compactRows` merges whole rows (for the saved state): counts add up, levels average,
//   latencies and machine load keep their peaks, so a restored chart still shows every spike.
// - `decimateMinMax` thins one drawn series to a min and a max per bucket of x (for the charts):
//   an hour at 1 s draws as a few hundred points per line and looks the same.
export { compactRows, mergeRows } from '../report/timeseries-compact';

export { decimateMinMax, type Point } from '../report/view/decimate';
