/** A half-open range of string offsets into one file's text. Readers produce spans; the model turns them into LSP ranges. */
export interface Span {
  start: number;
  end: number;
}
