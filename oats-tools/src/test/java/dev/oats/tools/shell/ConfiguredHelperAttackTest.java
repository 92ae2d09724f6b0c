package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.SideEffect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that read, but run a program someone else configured: a repository's diff driver,
 * textconv filter, fsmonitor hook or signature verifier, a pager or input preprocessor, a
 * kubeconfig's credential plugin, a program named in an option. None may run without approval.
 */
class ConfiguredHelperAttackTest {

  private static final ShellPolicy POLICY =
      new ShellPolicy(AllowedHosts.from(java.util.Map.of()), path -> false);

  static List<String> hostile() {
    return List.of(
        // git: repository-controlled config and attributes
        "git diff",
        "git diff HEAD~1",
        "git -C /repo diff HEAD~1",
        "git diff --ext-diff",
        "git show",
        "git show HEAD",
        "git show --textconv HEAD:secret.bin",
        "git log -p",
        "git log --patch -1",
        "git log -u",
        "git log --show-signature",
        "git blame app.yaml",
        "git grep --textconv password",
        "git cat-file --textconv HEAD:a",
        "git cat-file --filters HEAD:a",
        "GIT_EXTERNAL_DIFF=/tmp/x git diff",
        "GIT_PAGER='sh -c id' git log",
        "GIT_SSH_COMMAND=/tmp/x git log",
        "GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.fsmonitor GIT_CONFIG_VALUE_0=/tmp/x git status",
        "GIT_DIR=/tmp/evil git log",
        "env GIT_EXTERNAL_DIFF=/tmp/x git diff",
        "export GIT_EXTERNAL_DIFF=/tmp/x; git diff",
        "git --config-env=core.pager=X log",
        "git -c diff.x.textconv=sh log -p",
        // pagers and preprocessors
        "LESSOPEN='|/tmp/x %s' less file",
        "env LESSOPEN='|/tmp/x %s' less file",
        "less -k /tmp/lesskey file",
        "less --lesskey-file=/tmp/k file",
        "man -P /tmp/x ls",
        "man --pager=/tmp/x ls",
        "MANPAGER=/tmp/x man ls",
        "PAGER=/tmp/x man ls",
        "man -l /tmp/evil.1",
        "man ./evil.1",
        "man -H ls",
        // programs named in options
        "tar --to-command=/tmp/x -xf a.tar",
        "tar -xf a.tar -O --use-compress-program=/tmp/x",
        "tar -tf a.tar -I /tmp/x",
        "tar --checkpoint-action=exec=/tmp/x -tf a.tar",
        "tar -tvf a.tar --checkpoint=1 --checkpoint-action=exec=id",
        "find . -fprintf /tmp/out '%p'",
        "find . -fprint /tmp/out",
        "find . -fls /tmp/out",
        "find . -okdir id \\;",
        "awk 'BEGIN{system(\"id\")}'",
        "awk 'BEGIN{print \"x\" | \"sh\"}'",
        "awk 'BEGIN{\"id\" | getline}'",
        "awk 'BEGIN{print 1 > \"/tmp/x\"}'",
        "sed -n 'w /tmp/out' file",
        "sed 's/a/b/w /tmp/out' file",
        "sed 's/.*/id/e' file",
        "sed -s 'e id' file",
        "xargs -a list sh",
        "env -S 'sh -c id'",
        "timeout 5 sh -c 'id > /tmp/x'",
        "jq -n 'input' --rawfile a /proc/1/environ",
        "sort -o out data",
        "rg --pre ./x pattern",
        // kubectl: other credentials, plugins, and writes that look like reads
        "kubectl --kubeconfig=/tmp/kc get pods",
        "kubectl --kubeconfig /tmp/kc get pods",
        "KUBECONFIG=/tmp/kc kubectl get pods",
        "kubectl debug pod/x -it --image=busybox",
        "kubectl debug node/n -it --image=busybox",
        "kubectl cp x:/etc/passwd ./passwd",
        "kubectl port-forward svc/x 8080:80",
        "kubectl proxy",
        "kubectl get pods --as=system:admin",
        "kubectl get secrets --as system:serviceaccount:kube-system:admin",
        "kubectl get pods --as-group=system:masters --as=x",
        "kubectl auth can-i --list --token=abc",
        "kubectl get pods --token=abc",
        "kubectl get pods --server=https://evil:6443",
        "kubectl get pods --username=x --password=y",
        "kubectl get pods --cache-dir=/tmp/c",
        "kubectl get secrets -o go-template='{{.data}}'",
        "kubectl exec x -- cat /etc/shadow",
        "kubectl attach x",
        "kubectl plugin list",
        "kubectl evil-plugin get",
        "kubectl create token default",
        "kubectl config view --raw",
        "kubectl config set-context x",
        "kubectl config use-context x",
        "kubectl kustomize --enable-alpha-plugins --enable-exec .",
        "helm template x ./chart --post-renderer ./x",
        "helm status x --kubeconfig /tmp/kc",
        "helm list --kube-token abc",
        "helm status x --kube-as-user admin");
  }

  /** The same readers with the programs turned off, and the readers that run none. */
  static List<String> harmless() {
    return List.of(
        "git log --oneline -20",
        "git log -p --no-textconv -3",
        "git show --no-textconv HEAD",
        "git diff --no-ext-diff --no-textconv HEAD~1",
        "git -C /repo diff --no-textconv --no-ext-diff",
        "git blame --no-textconv app.yaml",
        "git status",
        "git ls-files",
        "git grep -n password",
        "kubectl auth can-i delete pods --as system:serviceaccount:shop:default",
        "kubectl get pods -n shop",
        "helm status x -n shop");
  }

  @Test
  void theClosestOrdinaryCommandsStillRunAtOnce() {
    for (String command : harmless()) {
      assertThat(CommandClassifier.judge(command, POLICY).effect())
          .as(command)
          .isEqualTo(SideEffect.READ_ONLY);
    }
  }

  @TempDir Path dir;

  private static void git(Path repo, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
  }

  /**
   * A repository in the workspace whose own config names programs: a clean filter (which {@code git
   * status} runs on a file whose time changed), an fsmonitor hook, a post-index-change hook, a
   * signature verifier, a pager. {@code git status} and {@code git log} stay read-only, and
   * whatever they run can change nothing.
   */
  @Test
  void aHostileRepositoryRunsNothingThatChangesAnythingThroughAReadOnlyGit() throws Exception {
    Assumptions.assumeTrue(
        Sandbox.detect(Map.of()).kind() == Sandbox.Kind.BUBBLEWRAP, "no bubblewrap here");
    Path workspace = Files.createDirectories(dir.resolve("workspace"));
    Path repo = Files.createDirectories(workspace.resolve("repo"));
    git(repo, "init", "-q");
    git(repo, "config", "user.email", "a@b");
    git(repo, "config", "user.name", "a");
    Files.writeString(repo.resolve(".gitattributes"), "* filter=evil diff=evil\n");
    Files.writeString(repo.resolve("app.yaml"), "replicas: 2\n");
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "init");
    String plant = "sh -c 'touch " + workspace + "/pwned-$0; cat'";
    git(repo, "config", "filter.evil.clean", plant.replace("$0", "clean"));
    git(repo, "config", "diff.evil.textconv", plant.replace("$0", "textconv"));
    git(repo, "config", "core.fsmonitor", "touch " + workspace + "/pwned-fsmonitor;");
    git(repo, "config", "core.pager", "touch " + workspace + "/pwned-pager;");
    git(repo, "config", "log.showSignature", "true");
    Path hook = repo.resolve(".git/hooks/post-index-change");
    Files.writeString(hook, "#!/bin/sh\ntouch " + workspace + "/pwned-hook\n");
    hook.toFile().setExecutable(true);
    // A changed time makes git status read the file through its clean filter.
    Files.writeString(repo.resolve("app.yaml"), "replicas: 3\n");
    BashExecutorTool tool =
        new BashExecutorTool(AllowedHosts.clusterOnly(), workspace, Sandbox.detect(Map.of()));
    for (String command :
        List.of("git status", "git -C repo status --porcelain", "git log --oneline")) {
      assertThat(CommandClassifier.judge(command, POLICY).effect())
          .as(command)
          .isEqualTo(SideEffect.READ_ONLY);
      tool.execute(
          ShellTestSupport.args("command", command, "timeout", 20, "working_directory", "repo"),
          ShellTestSupport.context(workspace, ShellTestSupport.pathOnly()));
    }
    try (var files = Files.list(workspace)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .as("what the repository's programs left")
          .noneMatch(name -> name.startsWith("pwned"));
    }
  }

  /**
   * Without a sandbox, the child environment still overrides the repository's fsmonitor hook, hooks
   * and pager: {@code git status} runs none of them.
   */
  @Test
  void withoutASandboxTheChildEnvironmentTurnsOffTheRepositorysHooks() throws Exception {
    Path workspace = Files.createDirectories(dir.resolve("plain"));
    Path repo = Files.createDirectories(workspace.resolve("repo"));
    git(repo, "init", "-q");
    git(repo, "config", "user.email", "a@b");
    git(repo, "config", "user.name", "a");
    Files.writeString(repo.resolve("app.yaml"), "replicas: 2\n");
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "init");
    git(repo, "config", "core.fsmonitor", "touch " + workspace + "/pwned-fsmonitor;");
    git(repo, "config", "core.pager", "touch " + workspace + "/pwned-pager;");
    Path hook = repo.resolve(".git/hooks/post-index-change");
    Files.writeString(hook, "#!/bin/sh\ntouch " + workspace + "/pwned-hook\n");
    hook.toFile().setExecutable(true);
    Files.writeString(repo.resolve("app.yaml"), "replicas: 3\n");
    BashExecutorTool tool =
        new BashExecutorTool(
            AllowedHosts.clusterOnly(), workspace, new Sandbox(Sandbox.Kind.NONE, null, List.of()));
    Map<String, String> environment =
        dev.oats.config.ChildEnvironment.scrub(Map.of("PATH", System.getenv("PATH")));
    tool.execute(
        ShellTestSupport.args("command", "git status; git log", "working_directory", "repo"),
        ShellTestSupport.context(workspace, environment));
    try (var files = Files.list(workspace)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .as("what the repository's programs left")
          .noneMatch(name -> name.startsWith("pwned"));
    }
  }

  @Test
  void noneRunsWithoutApproval() {
    List<String> readOnly = new ArrayList<>();
    for (String command : hostile()) {
      if (CommandClassifier.judge(command, POLICY).effect() == SideEffect.READ_ONLY) {
        readOnly.add(command);
      }
    }
    assertThat(readOnly).as("classified read-only").isEmpty();
  }
}
