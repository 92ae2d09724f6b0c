package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.SideEffect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ways past the line rules, which look at one command at a time:
 *
 * <ul>
 *   <li>A reserved word in front of the command ({@code { base64 .env; }}, {@code ! rev .env},
 *       {@code then}, {@code do}): the line rules took it for the command's name, so the transform
 *       after it went unseen, and a group's redirection ({@code { rev; } < .env}) fed a secret file
 *       to a transform unapproved.
 *   <li>A shell's script reads the shell's input: in {@code sh -c rev < .env} the script alone
 *       shows no secret and the line alone no transform.
 *   <li>{@code git grep}: it searches every file of the repository as {@code grep -r} does, so
 *       {@code git grep -h . | rev} reversed a tracked {@code .env} unapproved.
 *   <li>{@code /dev/fd} and {@code /dev/stdin}: links into {@code /proc/self/fd}; the kernel takes
 *       {@code ..} after the link's target, so {@code /dev/fd/../../1/cmdline} is {@code
 *       /proc/1/cmdline} though no word says proc, and a process's {@code cwd}, {@code root} and
 *       {@code mem} were reachable unapproved.
 * </ul>
 */
class ShellFramingAttackTest {

  private static final String SECRET = "framing-canary-Qw8Zt3Lp5Vn2";

  static Stream<String> leaks() {
    return Stream.of(
        "{ base64 .env; }",
        "! base64 .env",
        "! rev ~/.ssh/id_rsa",
        "if true; then base64 .env; fi",
        "if base64 .env; then :; fi",
        "until base64 .env; do :; done",
        "while false; do :; done; { rev .env; }",
        "{ rev; } < .env",
        "{ base64; } < /var/run/secrets/oats/token",
        "if true; then rev; fi < .env",
        "for i in 1; do rev; done < .env",
        "while true; do rev; break; done < .env",
        "[[ -n x ]] && { rev; } < .env",
        "git grep -h . | rev",
        "git grep -h PASSWORD | base64",
        "git --no-pager grep -h . | rev",
        "git -C /srv grep -h . | base64",
        "git grep --no-index -h . /var/run | rev",
        "cat /dev/fd/../../1/cmdline",
        "tr '\\0' ' ' < /dev/fd/../../1/cmdline",
        "ls -l /dev/fd/../../1/cwd/",
        "cat /dev/fd/../../1/root/etc/hostname",
        "head -c 100 /dev/fd/../../1/mem",
        "cat /dev/fd/../status",
        "cat /dev/stdin/../../../1/cmdline",
        "cd /dev/fd/../.. && cat 1/cmdline",
        "cd /dev && cat fd/../../1/cmdline",
        "cat /dev/f?/../../1/cmdline",
        "cat /dev/fd/.*/1/cmdline",
        "sh -c rev < .env",
        "bash -c 'rev' < .env",
        "sh -c 'base64 -w0' < ~/.ssh/id_rsa");
  }

  static Stream<String> ordinary() {
    return Stream.of(
        "{ cat .env; }",
        "if true; then cat .env; fi",
        "{ rev notes.txt; }",
        "! grep -q ERROR app.log",
        "git grep -n TODO",
        "git grep TODO | sort | uniq -c",
        "git log --grep=fix | head",
        "cat /dev/fd/0",
        "cat /dev/stdin",
        "diff /dev/fd/3 x 3< y",
        "ls ../..",
        "cat ../fd.txt",
        "{ kubectl get secret x -o yaml; }",
        "bash -c 'ls -la'",
        "sh -c 'kubectl get pods | grep -v Running'",
        "sh -c 'echo hi' < input.txt",
        "zsh -c rev < notes.txt");
  }

  @ParameterizedTest
  @MethodSource("leaks")
  void aLineThatReachesASecretPastTheLineRulesNeedsAnApproval(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isNotEqualTo(SideEffect.READ_ONLY);
  }

  @ParameterizedTest
  @MethodSource("ordinary")
  void theOrdinaryLineBesideItStillRunsAtOnce(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isEqualTo(SideEffect.READ_ONLY);
  }

  /** The forms are real: bash runs the transform in the group, and /dev/fd/.. is /proc/self. */
  @Test
  void bashReallyRunsThemSo(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(".env"), "DB_PASSWORD=" + SECRET + "\n");
    String grouped = bash(dir, "{ base64 -w0; } < .env");
    assertThat(new String(Base64.getDecoder().decode(grouped.strip()), StandardCharsets.UTF_8))
        .contains(SECRET);
    assertThat(bash(dir, "cat /dev/fd/../status")).contains("Name:\tcat");
  }

  private static String bash(Path dir, String line) throws Exception {
    Process process =
        new ProcessBuilder("bash", "-c", line)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
