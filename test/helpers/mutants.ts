/** Broken variants of the fixtures, each introducing one kind of mistake: the corpus for fix-safety tests. */
export interface Mutant {
  name: string;
  fixture: string;
  edits: Record<string, [string | RegExp, string][]>;
}

export const MUTANTS: Mutant[] = [
  { name: 'blog as is', fixture: 'examples/blog', edits: {} },
  {
    name: 'https port changed in conf',
    fixture: 'examples/blog',
    edits: { 'snikket/snikket.conf': [['SNIKKET_TWEAK_HTTPS_PORT=5443', 'SNIKKET_TWEAK_HTTPS_PORT=5444']] },
  },
  {
    name: 'tweak ports unset',
    fixture: 'examples/blog',
    edits: {
      'snikket/snikket.conf': [
        ['SNIKKET_TWEAK_HTTP_PORT=5080\n', ''],
        ['SNIKKET_TWEAK_HTTPS_PORT=5443\n', ''],
      ],
    },
  },
  {
    name: 'domain differs',
    fixture: 'examples/blog',
    edits: {
      'snikket.nix': [['domain = "chat.example.com";', 'domain = "chat.example.org";']],
      'snikket/copy-certs.sh': [['DOMAIN="chat.example.com"', 'DOMAIN="chat.example.net"']],
    },
  },
  {
    name: 'ports missing',
    fixture: 'examples/blog',
    edits: {
      'snikket.nix': [
        ['[ 5222 5269 5000 3478 3479 5349 5350 ]', '[ 5222 ]'],
        ['    allowedUDPPorts = [ 3478 3479 5349 5350 ];\n', ''],
      ],
    },
  },
  {
    name: 'port exposed',
    fixture: 'examples/blog',
    edits: { 'snikket.nix': [['[ 5222 5269', '[ 5443 5222 5280 5269']] },
  },
  {
    name: 'turn max unset',
    fixture: 'examples/blog',
    edits: { 'snikket/snikket.conf': [['SNIKKET_TWEAK_TURNSERVER_MAX_PORT=49252\n', '']] },
  },
  {
    name: 'conf typo, dup, bad value',
    fixture: 'examples/blog',
    edits: {
      'snikket/snikket.conf': [
        [
          'SNIKKET_TWEAK_HTTP_PORT=5080\n',
          'SNIKKET_TWEAK_HTTP_PORT=5081\nSNIKKET_TWEAK_HTTP_PORT=5080\nSNIKKET_LOGLEVLE=debug\nSNIKKET_RETENTION_DAYS=soon\n',
        ],
      ],
    },
  },
  {
    name: 'admin email missing',
    fixture: 'examples/blog',
    edits: { 'snikket/snikket.conf': [['SNIKKET_ADMIN_EMAIL=admin@example.com\n', '']] },
  },
  {
    name: 'copy script wrong',
    fixture: 'examples/blog',
    edits: {
      'snikket/copy-certs.sh': [
        ['/var/lib/containers/storage/volumes/snikket_snikket_data/', '/var/lib/docker/volumes/snikket_data/'],
        ['cp -rL', 'cp -r'],
      ],
    },
  },
  {
    name: 'upload limit',
    fixture: 'examples/blog',
    edits: { 'snikket.nix': [['client_max_body_size 104857616;', 'client_max_body_size 1m;']] },
  },
  {
    name: 'acme scheme',
    fixture: 'examples/blog',
    edits: {
      'snikket.nix': [
        [/acmeFallbackHost = "localhost:\$\{toString port\}";/g, 'acmeFallbackHost = "http://localhost:5080";'],
      ],
    },
  },
  {
    name: 'proxy to http port',
    fixture: 'examples/blog',
    edits: {
      'snikket.nix': [
        [/proxyPass = "https:\/\/localhost:\$\{toString port\}";/g, 'proxyPass = "http://localhost:5080";'],
      ],
    },
  },
  {
    name: 'one module, wrong fallback',
    fixture: 'one-module',
    edits: { 'configuration.nix': [['localhost:${toString httpPort}', 'localhost:${toString httpsPort}']] },
  },
  {
    name: 'one module, tweak ports 80',
    fixture: 'one-module',
    edits: { 'configuration.nix': [['httpPort = 5080;', 'httpPort = 80;']] },
  },
  { name: 'multi host', fixture: 'multi-host', edits: {} },
];
