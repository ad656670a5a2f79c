/**
 * Longest-match scanners for the literals that compete with identifiers, numbers and operators
 * (paths, home paths, URIs, floats): each returns the length of its match at p, or 0.
 */
import { CharClass, Ch, is } from './charClasses';

export function matchPath(text: string, p: number): number {
  const len = text.length;
  let j = p;
  while (j < len && is(text.charCodeAt(j), CharClass.PATH_CHAR)) j++;
  let segs = 0;
  for (;;) {
    if (text.charCodeAt(j) === Ch.SLASH && is(text.charCodeAt(j + 1), CharClass.PATH_CHAR)) {
      j += 2;
      while (j < len && is(text.charCodeAt(j), CharClass.PATH_CHAR)) j++;
      segs++;
    } else break;
  }
  if (segs > 0) {
    if (text.charCodeAt(j) === Ch.SLASH) j++;
    return j - p;
  }
  if (text.charCodeAt(j) === Ch.SLASH && text.charCodeAt(j + 1) === Ch.DOLLAR && text.charCodeAt(j + 2) === Ch.LBRACE) {
    return j + 1 - p;
  }
  return 0;
}

export function matchHomePath(text: string, p: number): number {
  const len = text.length;
  let j = p + 1;
  let segs = 0;
  while (text.charCodeAt(j) === Ch.SLASH && is(text.charCodeAt(j + 1), CharClass.PATH_CHAR)) {
    j += 2;
    while (j < len && is(text.charCodeAt(j), CharClass.PATH_CHAR)) j++;
    segs++;
  }
  if (segs > 0) {
    if (text.charCodeAt(j) === Ch.SLASH) j++;
    return j - p;
  }
  if (
    text.charCodeAt(p + 1) === Ch.SLASH &&
    text.charCodeAt(p + 2) === Ch.DOLLAR &&
    text.charCodeAt(p + 3) === Ch.LBRACE
  ) {
    return 2;
  }
  return 0;
}

export function matchUri(text: string, p: number): number {
  const len = text.length;
  let j = p + 1;
  while (j < len && is(text.charCodeAt(j), CharClass.SCHEME)) j++;
  if (text.charCodeAt(j) !== Ch.COLON) return 0;
  j++;
  const restStart = j;
  while (j < len && is(text.charCodeAt(j), CharClass.URI_CHAR)) j++;
  return j === restStart ? 0 : j - p;
}

export function matchFloat(text: string, p: number): number {
  const len = text.length;
  let j = p;
  const c = text.charCodeAt(p);
  if (c >= 49 && c <= Ch.D9) {
    while (j < len && is(text.charCodeAt(j), CharClass.DIGIT)) j++;
    if (text.charCodeAt(j) !== Ch.DOT) return 0;
    j++;
    while (j < len && is(text.charCodeAt(j), CharClass.DIGIT)) j++;
  } else {
    if (c === Ch.D0) j++;
    if (text.charCodeAt(j) !== Ch.DOT || !is(text.charCodeAt(j + 1), CharClass.DIGIT)) return 0;
    j += 2;
    while (j < len && is(text.charCodeAt(j), CharClass.DIGIT)) j++;
  }
  const e = text.charCodeAt(j);
  if (e === Ch.E || e === Ch.e) {
    let k = j + 1;
    const s = text.charCodeAt(k);
    if (s === Ch.PLUS || s === Ch.MINUS) k++;
    if (is(text.charCodeAt(k), CharClass.DIGIT)) {
      k++;
      while (k < len && is(text.charCodeAt(k), CharClass.DIGIT)) k++;
      j = k;
    }
  }
  return j - p;
}
