/** copy-certs-job.nix: the systemd service that runs copy-certs.sh, and its timer. */

/** `scriptPath`: the script relative to this file, as a Nix path literal (`./copy-certs.sh`). */
export function copyJob(scriptPath: string, importHint?: string): string {
  const hint = importHint ? `# Import it from ${importHint}.\n` : '';
  return `# Copies Snikket's certificate to nginx (copy-certs.sh): before nginx starts, so nginx has
# a certificate to start with, and then hourly, so a renewal reaches nginx within the hour
# (certbot renews a month before expiry; the script does nothing when nothing changed).
${hint}{ config, pkgs, ... }:

{
  systemd.timers."snikket-copy-certs" = {
    wantedBy = [ "timers.target" ];
    timerConfig = {
      OnBootSec = "5m";
      OnCalendar = "hourly";
      Unit = "snikket-copy-certs.service";
    };
  };

  systemd.services."snikket-copy-certs" = {
    wantedBy = [ "nginx.service" ];
    before = [ "nginx.service" ];
    path = with pkgs; [ bash coreutils diffutils openssl systemd ];
    serviceConfig = {
      Type = "oneshot";
      # A Nix path: the script goes into the Nix store with the configuration, so the
      # service runs the version in this repository, wherever that is checked out.
      ExecStart = "\${pkgs.bash}/bin/bash \${${scriptPath}}";
    };
  };
}
`;
}
