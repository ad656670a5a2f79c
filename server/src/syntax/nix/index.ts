export * from './tree';
export { parseNix } from './parser';
export { lex, type Token, type LexResult } from './lexer';
export { printTree, dumpTree, treeTokens } from './print';
