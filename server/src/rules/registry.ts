/** Every rule, in the order their findings are listed. Codes are a stable interface. */
import { acmeChallengeNotForwarded } from './acmeChallengeNotForwarded';
import { acmeFallbackPort } from './acmeFallbackPort';
import { certCopyMismatch } from './certCopyMismatch';
import { compose2nixStale } from './compose2nixStale';
import { composePortUnreachable } from './composePortUnreachable';
import { confDuplicateKey } from './confDuplicateKey';
import { confInvalidValue } from './confInvalidValue';
import { confMissingRequired } from './confMissingRequired';
import { confUnknownVariable } from './confUnknownVariable';
import { domainMismatch } from './domainMismatch';
import { firewallPortExposed } from './firewallPortExposed';
import { firewallPortMissing } from './firewallPortMissing';
import { httpRedirectPort } from './httpRedirectPort';
import { httpsPortMismatch } from './httpsPortMismatch';
import { imageNeverUpdated } from './imageNeverUpdated';
import { importMissing } from './importMissing';
import { placeholderValue } from './placeholderValue';
import { proxyHostHeader } from './proxyHostHeader';
import { portConflict } from './portConflict';
import { proxyWebsockets } from './proxyWebsockets';
import type { Rule } from './rule';
import { syntaxError } from './syntaxError';
import { timerScriptMissing } from './timerScriptMissing';
import { turnExternalMissing } from './turnExternalMissing';
import { turnRangeMismatch } from './turnRangeMismatch';
import { tweakPortConflict } from './tweakPortConflict';
import { unusedSuppression } from './unusedSuppression';
import { uploadLimitTooSmall } from './uploadLimitTooSmall';
import { vhostMissing } from './vhostMissing';

export const RULES: readonly Rule[] = [
  syntaxError,
  importMissing,
  confMissingRequired,
  confInvalidValue,
  confUnknownVariable,
  confDuplicateKey,
  domainMismatch,
  httpsPortMismatch,
  acmeFallbackPort,
  tweakPortConflict,
  turnRangeMismatch,
  firewallPortMissing,
  firewallPortExposed,
  composePortUnreachable,
  compose2nixStale,
  certCopyMismatch,
  timerScriptMissing,
  placeholderValue,
  uploadLimitTooSmall,
  httpRedirectPort,
  acmeChallengeNotForwarded,
  vhostMissing,
  proxyHostHeader,
  turnExternalMissing,
  portConflict,
  unusedSuppression,
  proxyWebsockets,
  imageNeverUpdated,
];

export const RULE_CODES: readonly string[] = RULES.map((r) => r.code);
