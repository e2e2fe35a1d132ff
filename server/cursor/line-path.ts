// Where a line sits in the YAML structure, from indentation alone: the keys and sequence indices
// from the root to the mapping (or sequence) that holds it. Scans upward from the line, once;
// each parent is found where the search for the previous one stopped.
import type { LineIndex } from '../line-index';
import { lineShape, type LineShape } from './line-shape';

export type PathSegment = string | number;

export class LinePaths {
  private readonly shapes: (LineShape | undefined)[] = [];

  constructor(private readonly lines: LineIndex) {}

  shape(line: number): LineShape {
    let shape = this.shapes[line];
    if (!shape) {
      shape = lineShape(this.lines.line(line));
      this.shapes[line] = shape;
    }
    return shape;
  }

  /** Path of the mapping whose keys sit at column `col`, holding line `line`. */
  mapPath(line: number, col: number): PathSegment[] {
    if (col === 0) return [];
    for (let i = line - 1; i >= 0; i--) {
      const s = this.shape(i);
      if (s.indent < 0 || s.indent > col) continue;
      if (s.contentCol === col && s.dashes.length > 0) return this.itemPath(i, s.dashes[s.dashes.length - 1]);
      if (s.indent === col) continue;
      // s.indent < col: the line that opens this block.
      if (s.key !== undefined && s.contentCol < col) return [...this.ownerPath(i, s), s.key];
      return [];
    }
    return [];
  }

  /** Path of the sequence item whose `-` is at column `dash` on line `line`. */
  itemPath(line: number, dash: number): PathSegment[] {
    let index = 0;
    for (let i = line - 1; i >= 0; i--) {
      const s = this.shape(i);
      if (s.indent < 0 || s.indent > dash) continue;
      if (s.indent === dash && s.dashes[0] === dash) {
        index++;
        continue;
      }
      if (s.key !== undefined && s.contentCol <= dash && !s.inlineValue) return [...this.ownerPath(i, s), s.key, index];
      if (s.indent < dash || s.indent === dash) return [index];
    }
    return [index];
  }

  /** Keys already written in the mapping whose keys sit at column `col`, around line `line`. */
  siblingKeys(line: number, col: number, upward = true): Set<string> {
    const keys = new Set<string>();
    for (let i = upward ? line - 1 : -1; i >= 0; i--) {
      const s = this.shape(i);
      if (s.indent < 0 || s.indent > col) continue;
      if (s.contentCol === col && s.key !== undefined) keys.add(s.key);
      if (s.indent < col || s.dashes.length > 0) break;
    }
    for (let i = line + 1; i < this.lines.count; i++) {
      const s = this.shape(i);
      if (s.indent < 0 || s.indent > col) continue;
      if (s.indent < col || s.dashes.length > 0) break;
      if (s.key !== undefined) keys.add(s.key);
    }
    return keys;
  }

  /** The path of the mapping a key line belongs to. */
  private ownerPath(line: number, s: LineShape): PathSegment[] {
    return s.dashes.length > 0 ? this.itemPath(line, s.dashes[s.dashes.length - 1]) : this.mapPath(line, s.indent);
  }
}
