# Auto-generated using compose2nix v0.3.1.
{ pkgs, lib, config, ... }:

{
  # Runtime
  virtualisation.podman = {
    enable = true;
    autoPrune.enable = true;
    dockerCompat = true;
  };
  virtualisation.oci-containers.backend = "podman";

  # Containers
  virtualisation.oci-containers.containers."snikket-proxy" = {
    image = "snikket/snikket-web-proxy:stable";
    environment = {
      "SNIKKET_ADMIN_EMAIL" = "ops@hedgehog.test";
      "SNIKKET_DOMAIN" = "chat.hedgehog.test";
      "SNIKKET_TWEAK_HTTPS_PORT" = "5443";
      "SNIKKET_TWEAK_HTTP_PORT" = "5080";
      "SNIKKET_TWEAK_TURNSERVER_MAX_PORT" = "49252";
      "SNIKKET_TWEAK_TURNSERVER_MIN_PORT" = "49152";
    };
    volumes = [
      "snikket_acme_challenges:/var/www/html/.well-known/acme-challenge:rw"
      "snikket_snikket_data:/snikket:rw"
    ];
    log-driver = "journald";
    extraOptions = [
      "--network=host"
    ];
  };
  systemd.services."podman-snikket-proxy" = {
    serviceConfig = {
      Restart = lib.mkOverride 90 "always";
    };
    after = [
      "podman-volume-snikket_acme_challenges.service"
      "podman-volume-snikket_snikket_data.service"
    ];
    requires = [
      "podman-volume-snikket_acme_challenges.service"
      "podman-volume-snikket_snikket_data.service"
    ];
    partOf = [
      "podman-compose-snikket-root.target"
    ];
    wantedBy = [
      "podman-compose-snikket-root.target"
    ];
  };
  virtualisation.oci-containers.containers."snikket-certs" = {
    image = "snikket/snikket-cert-manager:stable";
    environment = {
      "SNIKKET_ADMIN_EMAIL" = "ops@hedgehog.test";
      "SNIKKET_DOMAIN" = "chat.hedgehog.test";
      "SNIKKET_TWEAK_HTTPS_PORT" = "5443";
      "SNIKKET_TWEAK_HTTP_PORT" = "5080";
      "SNIKKET_TWEAK_TURNSERVER_MAX_PORT" = "49252";
      "SNIKKET_TWEAK_TURNSERVER_MIN_PORT" = "49152";
    };
    volumes = [
      "snikket_acme_challenges:/var/www/.well-known/acme-challenge:rw"
      "snikket_snikket_data:/snikket:rw"
    ];
    log-driver = "journald";
    extraOptions = [
      "--network=host"
    ];
  };
  systemd.services."podman-snikket-certs" = {
    serviceConfig = {
      Restart = lib.mkOverride 90 "always";
    };
    after = [
      "podman-volume-snikket_acme_challenges.service"
      "podman-volume-snikket_snikket_data.service"
    ];
    requires = [
      "podman-volume-snikket_acme_challenges.service"
      "podman-volume-snikket_snikket_data.service"
    ];
    partOf = [
      "podman-compose-snikket-root.target"
    ];
    wantedBy = [
      "podman-compose-snikket-root.target"
    ];
  };
  virtualisation.oci-containers.containers."snikket-portal" = {
    image = "snikket/snikket-web-portal:stable";
    environment = {
      "SNIKKET_ADMIN_EMAIL" = "ops@hedgehog.test";
      "SNIKKET_DOMAIN" = "chat.hedgehog.test";
      "SNIKKET_TWEAK_HTTPS_PORT" = "5443";
      "SNIKKET_TWEAK_HTTP_PORT" = "5080";
      "SNIKKET_TWEAK_TURNSERVER_MAX_PORT" = "49252";
      "SNIKKET_TWEAK_TURNSERVER_MIN_PORT" = "49152";
    };
    log-driver = "journald";
    extraOptions = [
      "--network=host"
    ];
  };
  systemd.services."podman-snikket-portal" = {
    serviceConfig = {
      Restart = lib.mkOverride 90 "always";
    };
    partOf = [
      "podman-compose-snikket-root.target"
    ];
    wantedBy = [
      "podman-compose-snikket-root.target"
    ];
  };
  virtualisation.oci-containers.containers."snikket" = {
    image = "snikket/snikket-server:stable";
    environment = {
      "SNIKKET_ADMIN_EMAIL" = "ops@hedgehog.test";
      "SNIKKET_DOMAIN" = "chat.hedgehog.test";
      "SNIKKET_TWEAK_HTTPS_PORT" = "5443";
      "SNIKKET_TWEAK_HTTP_PORT" = "5080";
      "SNIKKET_TWEAK_TURNSERVER_MAX_PORT" = "49252";
      "SNIKKET_TWEAK_TURNSERVER_MIN_PORT" = "49152";
    };
    volumes = [
      "snikket_snikket_data:/snikket:rw"
    ];
    log-driver = "journald";
    extraOptions = [
      "--network=host"
    ];
  };
  systemd.services."podman-snikket" = {
    serviceConfig = {
      Restart = lib.mkOverride 90 "always";
    };
    after = [
      "podman-volume-snikket_snikket_data.service"
    ];
    requires = [
      "podman-volume-snikket_snikket_data.service"
    ];
    partOf = [
      "podman-compose-snikket-root.target"
    ];
    wantedBy = [
      "podman-compose-snikket-root.target"
    ];
  };

  # Volumes
  systemd.services."podman-volume-snikket_acme_challenges" = {
    path = [ pkgs.podman ];
    serviceConfig = {
      Type = "oneshot";
      RemainAfterExit = true;
    };
    script = ''
      podman volume inspect snikket_acme_challenges || podman volume create snikket_acme_challenges
    '';
    partOf = [ "podman-compose-snikket-root.target" ];
    wantedBy = [ "podman-compose-snikket-root.target" ];
  };
  systemd.services."podman-volume-snikket_snikket_data" = {
    path = [ pkgs.podman ];
    serviceConfig = {
      Type = "oneshot";
      RemainAfterExit = true;
    };
    script = ''
      podman volume inspect snikket_snikket_data || podman volume create snikket_snikket_data
    '';
    partOf = [ "podman-compose-snikket-root.target" ];
    wantedBy = [ "podman-compose-snikket-root.target" ];
  };

  # Root service
  # When started, this will automatically create all resources and start
  # the containers. When stopped, this will teardown all resources.
  systemd.targets."podman-compose-snikket-root" = {
    unitConfig = {
      Description = "Root target generated by compose2nix.";
    };
    wantedBy = [ "multi-user.target" ];
  };
}
