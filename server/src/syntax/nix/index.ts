export * from './tree';
export { parseNix } from './parser';
export { lex } from './lexer';
export { printTree, dumpTree } from './print';
