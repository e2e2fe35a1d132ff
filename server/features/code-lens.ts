// The load profile above `phases:`: total duration, peak load and a text sparkline.
import type { CodeLens } from 'vscode-languageserver';
import type { LoadProfile } from '../../scenario/rules/load-profile';
import { formatDuration } from '../../scenario/units';
import type { DocumentState } from '../document-state';
import { sparkline } from './sparkline';

export function codeLens(state: DocumentState): CodeLens[] {
  const profile = state.profile;
  const key = profile.phasesPair?.key;
  if (!key || profile.phases.length === 0) return [];
  const range = { start: state.lines.positionAt(key.range[0]), end: state.lines.positionAt(key.range[1]) };
  return [{ range, command: { title: profileTitle(profile), command: '' } }];
}

export function profileTitle(profile: LoadProfile): string {
  const peaks: string[] = [];
  if (profile.peakUsers > 0) peaks.push(`${profile.peakUsers} users`);
  if (profile.peakRate > 0) peaks.push(`${profile.peakRate} it/s`);
  const phases = `${profile.phases.length} phase${profile.phases.length === 1 ? '' : 's'}`;
  return `${sparkline(profile)}  ${formatDuration(profile.totalMs)} · peak ${peaks.join(', ') || '0'} · ${phases}`;
}
