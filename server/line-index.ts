// Lines of the text with offsets, for converting LSP positions and for the line-based reading
// of half-typed YAML (completion).
import type { Position } from 'vscode-languageserver';

export class LineIndex {
  readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get count(): number {
    return this.starts.length;
  }

  /** Line `line` without its line break. */
  line(line: number): string {
    if (line < 0 || line >= this.starts.length) return '';
    const end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    const text = this.text.slice(this.starts[line], end);
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }

  /** A position inside the text: clients may send any line or column (past the end, huge). */
  clamp(position: Position): Position {
    const line = Math.min(Math.max(0, position.line), this.starts.length - 1);
    return { line, character: Math.min(Math.max(0, position.character), this.line(line).length) };
  }

  offsetAt(position: Position): number {
    const line = Math.min(Math.max(0, position.line), this.starts.length - 1);
    return Math.min(this.starts[line] + Math.max(0, position.character), line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length);
  }

  positionAt(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - this.starts[low] };
  }
}
