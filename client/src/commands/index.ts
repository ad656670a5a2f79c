import { addCertCopy, addNginx } from './addFiles';
import { createAdminInvite } from './createAdminInvite';
import { restartServer, showLog } from './misc';
import { newDeployment } from './newDeployment';
import { rerunCompose2nix } from './rerunCompose2nix';
import { showOverview } from './showOverview';
import { showRuleDocs } from './showRuleDocs';
import type { CommandFactory } from './types';

/** Every contributed command, by id (package.json `contributes.commands` lists the same ids). */
export const COMMANDS: Record<string, CommandFactory> = {
  'snikket.newDeployment': newDeployment,
  'snikket.addNginx': addNginx,
  'snikket.addCertCopy': addCertCopy,
  'snikket.rerunCompose2nix': rerunCompose2nix,
  'snikket.showOverview': showOverview,
  'snikket.createAdminInvite': createAdminInvite,
  'snikket.restartServer': restartServer,
  'snikket.showLog': showLog,
  'snikket.showRuleDocs': showRuleDocs,
};
