package dev.oats.tools.shell;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The hosts shell tools may reach without an approval ({@code OATS_ALLOWED_HOSTS}). Anything else a
 * command would connect to makes the call need a person's approval, like a call that changes
 * things: a read-only command can still carry what it read to someone else's server.
 *
 * <p>Entries are a host ({@code prometheus.monitoring.svc}), a host and port ({@code
 * 127.0.0.1:9090}), a suffix ({@code *.svc.cluster.local}), the word {@code cluster} for the
 * cluster's own service names (a single label other than {@code localhost}, or a name ending in
 * {@code .svc}, {@code .svc.cluster.local} or {@code .cluster.local}), or {@code *} for any host.
 * Without the setting: the cluster's service names and the configured Prometheus and Sourcegraph
 * hosts.
 *
 * @param entries the entries, lower case
 */
public record AllowedHosts(List<String> entries) {

  /** The setting's name. */
  public static final String SETTING = "OATS_ALLOWED_HOSTS";

  private static final Pattern SERVICE_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern HOST = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  private static final List<String> CLUSTER_SUFFIXES =
      List.of(".svc", ".svc.cluster.local", ".cluster.local");
  private static final List<String> BACKEND_URLS =
      List.of("OATS_PROMETHEUS_URL", "OATS_SOURCEGRAPH_URL");

  public AllowedHosts {
    entries = entries.stream().map(entry -> entry.strip().toLowerCase(Locale.ROOT)).toList();
  }

  /** Only the cluster's own service names. */
  public static AllowedHosts clusterOnly() {
    return new AllowedHosts(List.of("cluster"));
  }

  /** The allowed hosts the settings give, or the defaults described above. */
  public static AllowedHosts from(Map<String, String> settings) {
    String configured = settings.get(SETTING);
    if (configured != null && !configured.isBlank()) {
      return new AllowedHosts(List.of(configured.strip().split("[,\\s]+")));
    }
    List<String> entries = new ArrayList<>(List.of("cluster"));
    for (String name : BACKEND_URLS) {
      String url = settings.get(name);
      if (url != null && !url.isBlank()) {
        Endpoint endpoint = Endpoint.ofUrl(url.strip());
        if (endpoint != null) {
          entries.add(endpoint.host() + ":" + endpoint.port());
        }
      }
    }
    return new AllowedHosts(entries);
  }

  /** Whether a command may connect to {@code endpoint} without an approval; null never may. */
  public boolean allows(Endpoint endpoint) {
    if (endpoint == null) {
      return false;
    }
    for (String entry : entries) {
      if (matches(entry, endpoint)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code url} (with or without a scheme) points at an allowed host. */
  public boolean allowsUrl(String url) {
    return allows(Endpoint.ofUrl(url));
  }

  private static boolean matches(String entry, Endpoint endpoint) {
    String host = endpoint.host();
    return switch (entry) {
      case "*" -> true;
      case "cluster" -> isClusterName(host);
      default -> {
        if (entry.startsWith("*.")) {
          yield host.endsWith(entry.substring(1));
        }
        int colon = entry.lastIndexOf(':');
        if (colon > 0 && entry.indexOf(']') < colon) {
          yield host.equals(entry.substring(0, colon))
              && String.valueOf(endpoint.port()).equals(entry.substring(colon + 1));
        }
        yield host.equals(entry);
      }
    };
  }

  private static boolean isClusterName(String host) {
    if (SERVICE_LABEL.matcher(host).matches()) {
      return !host.equals("localhost");
    }
    return HOST.matcher(host).matches()
        && !host.endsWith("localhost")
        && CLUSTER_SUFFIXES.stream().anyMatch(host::endsWith);
  }

  /**
   * Where a command would connect.
   *
   * @param host the host name or address, lower case, without a trailing dot
   * @param port the port, or the scheme's default
   */
  public record Endpoint(String host, int port) {

    /**
     * The endpoint of a URL as curl or wget reads it ({@code http://} assumed when there is no
     * scheme), or null when it cannot be told with certainty: an unknown scheme, globbing, escapes,
     * a host with characters no host name has.
     */
    public static Endpoint ofUrl(String url) {
      String rest = url;
      int port = 80;
      int separator = url.indexOf("://");
      if (separator >= 0) {
        String scheme = url.substring(0, separator).toLowerCase(Locale.ROOT);
        port =
            switch (scheme) {
              case "http" -> 80;
              case "https" -> 443;
              default -> -1;
            };
        if (port < 0) {
          return null;
        }
        rest = url.substring(separator + 3);
      }
      int end = rest.length();
      for (char stop : new char[] {'/', '?', '#'}) {
        int at = rest.indexOf(stop);
        if (at >= 0 && at < end) {
          end = at;
        }
      }
      String authority = rest.substring(0, end);
      authority = authority.substring(authority.lastIndexOf('@') + 1);
      return ofAuthority(authority, port);
    }

    /** {@code host}, {@code host:port} or {@code [v6]:port}; null when it is not plainly one. */
    public static Endpoint ofAuthority(String authority, int defaultPort) {
      String text = authority.toLowerCase(Locale.ROOT);
      String host = text;
      int port = defaultPort;
      int colon = text.lastIndexOf(':');
      if (colon >= 0 && text.indexOf(']') < colon) {
        host = text.substring(0, colon);
        try {
          port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
          return null;
        }
      }
      if (host.endsWith(".")) {
        host = host.substring(0, host.length() - 1);
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        try {
          URI.create("http://" + host + "/");
        } catch (IllegalArgumentException e) {
          return null;
        }
        return new Endpoint(host, port);
      }
      return HOST.matcher(host).matches() ? new Endpoint(host, port) : null;
    }
  }
}
