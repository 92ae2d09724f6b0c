package dev.oats.tools.shell;

import java.util.function.Predicate;

/**
 * What the classifier needs to know about the machine it judges commands for.
 *
 * @param hosts the hosts commands may connect to without an approval
 * @param holdsSecrets whether the file a literal path word names holds secrets by its content (as
 *     the redactor detects them); asked only when a command line would transform what it reads
 * @param leadsAway whether a literal path word leads, through a symbolic link, somewhere no tool
 *     may read unapproved ({@code /proc}, {@code /run/secrets}), or to a file OATS hides from its
 *     tools (see {@link LinkedPaths}); asked of every literal word of every command
 */
record ShellPolicy(
    AllowedHosts hosts, Predicate<String> holdsSecrets, Predicate<String> leadsAway) {

  /** Cluster service names only, and no look at files. */
  static final ShellPolicy DEFAULT = new ShellPolicy(AllowedHosts.clusterOnly(), path -> false);

  /** No look at where paths lead. */
  ShellPolicy(AllowedHosts hosts, Predicate<String> holdsSecrets) {
    this(hosts, holdsSecrets, path -> false);
  }
}
