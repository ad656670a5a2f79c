import type { Range } from '../text/lineIndex';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A replacement in one file. Files are absolute paths. */
export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

/** A fix is applied as a whole. A command fix (rerun compose2nix) has no text edits and is never preferred. */
export interface Fix {
  title: string;
  isPreferred: boolean;
  edits: TextEdit[];
  command?: { id: 'rerun-compose2nix'; file: string };
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

export interface Finding {
  file: string;
  range: Range;
  severity: Severity;
  code: string;
  message: string;
  related: RelatedLocation[];
  fixes: Fix[];
}
