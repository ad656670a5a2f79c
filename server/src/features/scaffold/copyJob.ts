/** copy-certs-job.nix: the systemd service that runs copy-certs.sh, and its timer. */

/** `scriptPath`: the script relative to this file, as a Nix path literal (`./copy-certs.sh`). */
export function copyJob(scriptPath: string, opts: { importHint?: string; nginxReads?: boolean } = {}): string {
  const hint = opts.importHint ? `# Import it from ${opts.importHint}.\n` : '';
  const about = opts.nginxReads
    ? `# Copies Snikket's certificate out of its data volume (copy-certs.sh) to where nginx reads it
# (sslCertificate), hourly, so a renewal reaches nginx within the hour.`
    : `# Copies Snikket's certificate out of its data volume (copy-certs.sh), hourly, so the copy on
# the host follows a renewal within the hour. nginx does not use the copy: it serves the
# certificates NixOS's own ACME client obtains (enableACME on the virtual hosts).`;
  return `${about}
# certbot renews a month before expiry; the script does nothing when nothing changed.
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
    path = with pkgs; [ bash coreutils diffutils${opts.nginxReads ? ' systemd' : ''} ];
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
