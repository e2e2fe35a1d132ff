// Thins one drawn series to a min and a max per bucket of x (for the charts): an hour at 1 s
// draws as a few hundred points per line and looks the same. Pure.

export interface Point {
  x: number;
  y: number | null;
}

/**
 * At most about `2 × buckets` points: for each equal slice of the x range, the lowest and the
 * highest point in x order (a gap — a null — survives as one null). Short series pass through.
 */
export function decimateMinMax(points: Point[], buckets: number): Point[] {
  if (points.length <= buckets * 2 || points.length < 3) return points;
  const x0 = points[0].x;
  const width = (points[points.length - 1].x - x0) / buckets || 1;
  const out: Point[] = [];
  let i = 0;
  while (i < points.length) {
    const bucket = Math.min(buckets - 1, Math.floor((points[i].x - x0) / width));
    let lo: Point | null = null;
    let hi: Point | null = null;
    let gap: Point | null = null;
    while (i < points.length && Math.min(buckets - 1, Math.floor((points[i].x - x0) / width)) === bucket) {
      const p = points[i++];
      if (p.y === null) gap ??= p;
      else {
        if (lo === null || p.y < (lo.y as number)) lo = p;
        if (hi === null || p.y > (hi.y as number)) hi = p;
      }
    }
    const picked: Point[] = [];
    if (lo) picked.push(lo);
    if (hi && hi !== lo) picked.push(hi);
    if (gap) picked.push(gap);
    picked.sort((a, b) => a.x - b.x);
    out.push(...picked);
  }
  return out;
}
