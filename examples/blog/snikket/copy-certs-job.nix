# Daily job: copy Snikket's certificates into nginx's directory.
{ config, pkgs, ... }:

{
  systemd.timers."snikket-copy-certs" = {
    wantedBy = [ "timers.target" ];
    timerConfig = {
      OnBootSec = "5m";
      OnCalendar = "*-*-* 00:00:00 UTC";
      Unit = "snikket-copy-certs.service";
    };
  };

  systemd.services."snikket-copy-certs" = {
    path = with pkgs; [ bash coreutils ];
    serviceConfig = {
      Type = "oneshot";
      ExecStart = "/path/to/copy-certs.sh"; # TODO: point at the script
    };
  };
}
