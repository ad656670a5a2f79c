import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { formatJson } from '../../../server/src/cli/format/json';
import { formatText } from '../../../server/src/cli/format/text';
import { envFileHoverLine, settingHoverLines } from '../../../server/src/features/hover/settingHover';
import { buildOverview } from '../../../server/src/features/overview';
import { MemoryDeployment } from '../../helpers/memoryDeployment';

const SECRET = 'hunter2-do-not-print';
const SECRETS = `# database and SMTP credentials\nDB_PASSWORD=${SECRET}\nSMTP_PASSWORD=${SECRET}\n`;
const CONF = 'SNIKKET_DOMAIN=chat.otter.test\nSNIKKET_ADMIN_EMAIL=admin@otter.test\n';

/** Everything a user can see of a check: findings as text and JSON, the overview, hovers. */
function everything(d: MemoryDeployment): string {
  const r = d.result();
  const rel = (p: string) => path.relative('/deployment', p);
  const hovers = r.deployments.flatMap((x) =>
    ['SNIKKET_DOMAIN', 'SNIKKET_TWEAK_HTTP_PORT', 'DB_PASSWORD'].flatMap((n) =>
      settingHoverLines(
        [{ root: x.deployment.root, facts: x.facts }],
        n,
        (f) => f,
        (root) => root,
      ),
    ),
  );
  return [formatText(r, rel, false), formatJson(r, rel), JSON.stringify(buildOverview(r)), ...hovers].join('\n');
}

describe('an env file that sets no SNIKKET_ variable (a secrets file)', () => {
  const compose = (envFiles: string) =>
    `services:\n  snikket_server:\n    image: snikket/snikket-server:stable\n    network_mode: host\n    env_file: ${envFiles}\n`;

  it('compose: its text reaches no output, it is not missing, and the overview says its values are unknown', () => {
    const d = new MemoryDeployment({
      'docker-compose.yml': compose('[ snikket.conf, secrets.env ]'),
      'snikket.conf': CONF,
      'secrets.env': SECRETS,
    });
    assert.doesNotMatch(everything(d), new RegExp(SECRET));
    assert.deepEqual(d.findings('import-missing'), []);
    const values = buildOverview(d.result()).deployments[0]!.values;
    assert.equal(
      values['env file /deployment/secrets.env'],
      'unknown: not a Snikket env file (it sets no SNIKKET_ variable): left out of the check',
    );
    assert.equal(values['SNIKKET_DOMAIN'], 'chat.otter.test');
    const facts = d.result().deployments[0]!.facts;
    assert.equal(
      envFileHoverLine(facts, '/deployment/secrets.env', 'secrets.env'),
      '**secrets.env**: the containers read it at start; its values are unknown: not a Snikket env file (it sets no SNIKKET_ variable): left out of the check.',
    );
    assert.equal(envFileHoverLine(facts, '/deployment/snikket.conf', 'snikket.conf'), undefined);
  });

  it('NixOS environmentFiles: the same', () => {
    const d = new MemoryDeployment({
      'configuration.nix':
        '{ ... }: { virtualisation.oci-containers.containers.snikket-server = { image = "snikket/snikket-server:stable"; environmentFiles = [ ./snikket.conf ./secrets.env ]; extraOptions = [ "--network=host" ]; }; }\n',
      'snikket.conf': CONF,
      'secrets.env': SECRETS,
    });
    assert.doesNotMatch(everything(d), new RegExp(SECRET));
    assert.deepEqual(d.findings('import-missing'), []);
    assert.equal(
      buildOverview(d.result()).deployments[0]!.values['env file /deployment/secrets.env'],
      'unknown: not a Snikket env file (it sets no SNIKKET_ variable): left out of the check',
    );
  });

  it("the only env file a secrets file: Snikket's settings are unknown, not absent, and nothing is called missing", () => {
    const d = new MemoryDeployment({ 'docker-compose.yml': compose('secrets.env'), 'secrets.env': SECRETS });
    assert.doesNotMatch(everything(d), new RegExp(SECRET));
    const s = d.result().deployments[0]!.facts.settings;
    assert.equal(s.get('SNIKKET_DOMAIN'), undefined);
    assert.equal(s.unknownReason('SNIKKET_DOMAIN'), 'set at run time by secrets.env');
    assert.deepEqual(
      d.findings().filter((f) => ['conf-missing-required', 'import-missing'].includes(f.code)),
      [],
    );
  });
});
