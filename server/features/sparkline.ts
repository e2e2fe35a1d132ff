// The load profile as a row of block characters, each the level at that moment relative to the
// peak of its model (users and iterations per second do not share a scale).
import { levelAt, type LoadProfile } from '../../scenario/rules/load-profile';

const BLOCKS = '▁▂▃▄▅▆▇█';

export function sparkline(profile: LoadProfile, width = 24): string {
  if (profile.totalMs <= 0) return '';
  let out = '';
  for (let i = 0; i < width; i++) {
    const { model, level } = levelAt(profile, ((i + 0.5) / width) * profile.totalMs);
    const peak = model === 'open' ? profile.peakRate : profile.peakUsers;
    const fraction = peak > 0 ? level / peak : 0;
    out += BLOCKS[Math.min(BLOCKS.length - 1, Math.max(0, Math.round(fraction * (BLOCKS.length - 1))))];
  }
  return out;
}
