package dev.oats.tools.shell;

import java.util.function.Predicate;

/**
 * What the classifier needs to know about the machine it judges commands for.
 *
 * @param hosts the hosts commands may connect to without an approval
 * @param holdsSecrets whether the file a literal path word names holds secrets by its content (as
 *     the redactor detects them); asked only when a command line would transform what it reads
 */
record ShellPolicy(AllowedHosts hosts, Predicate<String> holdsSecrets) {

  /** Cluster service names only, and no look at file contents. */
  static final ShellPolicy DEFAULT = new ShellPolicy(AllowedHosts.clusterOnly(), path -> false);
}
