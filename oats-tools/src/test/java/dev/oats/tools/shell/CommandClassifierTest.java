package dev.oats.tools.shell;

import static dev.oats.tool.SideEffect.MUTATING;
import static dev.oats.tool.SideEffect.READ_ONLY;
import static dev.oats.tool.SideEffect.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.SideEffect;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandClassifierTest {

  static Stream<Arguments> readOnlyCommands() {
    return Stream.of(
            // kubectl and helm
            "kubectl get pods -n shop",
            "kubectl -n shop get pods -o wide",
            "kubectl --context prod --namespace=shop describe pod checkout-1",
            "kubectl logs deploy/checkout-api --tail=200 --previous",
            "kubectl logs -f checkout-1 -c app",
            "kubectl top pods -A",
            "kubectl explain deployment.spec.strategy",
            "kubectl events -n shop --for pod/checkout-1",
            "kubectl get events --sort-by=.lastTimestamp",
            "kubectl version --client",
            "kubectl api-resources",
            "kubectl api-versions",
            "kubectl cluster-info",
            "kubectl auth can-i delete pods --as system:serviceaccount:shop:default",
            "kubectl config view --minify",
            "kubectl config current-context",
            "kubectl rollout status deploy/checkout-api -n shop",
            "kubectl rollout history deploy/checkout-api",
            "kubectl get pods -n \"$NS\"",
            "/usr/bin/kubectl get nodes",
            "helm list -A",
            "helm status checkout -n shop",
            "helm get values checkout",
            "helm history checkout --max 5",
            "helm -n shop get manifest checkout",
            // pipelines and lists
            "kubectl logs x | grep -i error | sort | uniq -c | sort -rn | head -20",
            "kubectl get pods && kubectl get svc || echo failed; date",
            "kubectl get pods\nkubectl get svc",
            "ps aux | grep java | grep -v grep | awk '{print $2}'",
            "(kubectl get pods; kubectl get svc) | wc -l",
            "{ kubectl get pods; kubectl get svc; }",
            "echo $(kubectl get pods -o name | head -1)",
            "echo `date +%s`",
            "for p in $(kubectl get pods -o name); do kubectl logs $p --tail=5; done",
            "if kubectl get ns shop; then echo exists; else echo missing; fi",
            "while read line; do echo \"$line\"; done < <(kubectl get pods)",
            "[[ -n \"$X\" && -f /etc/hosts ]] && cat /etc/hosts",
            "test -f /etc/hosts && echo yes",
            "[ -d /var/log ] || echo none",
            "! grep -q error /var/log/app.log",
            "NS=shop kubectl get pods",
            "X=1",
            // wrappers
            "sh -c 'kubectl get pods | grep Crash'",
            "bash -c \"kubectl describe pod x\"",
            "bash -lc 'ls -la /tmp'",
            "env",
            "timeout 5 kubectl get pods",
            "timeout -s KILL 10s curl -s http://svc:8080/health",
            "nice -n 10 du -sh /var/log",
            "ls | xargs",
            "kubectl get pods -o name | xargs -n1 kubectl describe",
            "kubectl get pods -o name | xargs -I{} kubectl logs {} --tail=1",
            "find /var/log -name '*.log' | xargs grep -l OOM",
            "watch -n 5 'kubectl get pods'",
            "command -v kubectl",
            "stdbuf -oL tail -n 100 /var/log/syslog",
            // redirections that write nothing
            "kubectl get pods 2>/dev/null",
            "kubectl get pods > /dev/null 2>&1",
            "kubectl get pods &>/dev/null",
            "grep error app.log 2>&1 | head",
            "cat < /etc/hosts",
            "cat <<EOF\nhello $USER\nEOF",
            "cat <<'EOF'\n$(rm -rf /)\nEOF",
            "grep x <<< \"$DATA\"",
            "tee /dev/null",
            "echo hi | tee /dev/stderr",
            // text tools
            "sed -n '/ERROR/p' app.log",
            "sed 's/foo/bar/g; s|a|b|' file",
            "sed -e 's/x/y/' -e '/^#/d' config",
            "sed -E 's/([0-9]+)/<\\1>/g'",
            "awk '$3 > 100 {print $1}' data",
            "awk -F: '{print $1}' /etc/passwd",
            "awk '/error|warn/ {count++} END {print count}' app.log",
            "awk 'NR % 2 == 0' file",
            "sort -t, -k2 -n data.csv",
            "sort -o /dev/stdout data",
            "uniq -c",
            "cut -d: -f1 /etc/passwd",
            "tr a-z A-Z",
            "wc -l *.log",
            "jq '.items[].metadata.name'",
            "yq '.spec.replicas' deploy.yaml",
            "yq e '.metadata' -o json deploy.yaml",
            "find /var/log -name '*.gz' -mtime +7",
            "find . -name '*.log' -exec grep -l error {} \\;",
            "find . -type f -exec wc -l {} +",
            "rg -n 'timeout' src/",
            "grep -rn --include=*.java 'ConnectionPool' .",
            "diff a.yaml b.yaml",
            "base64 -d <<< aGVsbG8=",
            "md5sum /etc/hosts",
            "sha256sum file",
            "stat /etc/hosts",
            "file /bin/ls",
            "less /var/log/syslog",
            "head -c 100 /dev/urandom | od -x",
            // network
            "curl -s http://checkout:8080/health",
            "curl -s -o /dev/null -w '%{http_code}' http://svc",
            "curl -X GET http://svc/items",
            "curl -G -d q=error http://loki/query",
            "wget -qO- http://svc/metrics",
            "wget -O - http://svc/metrics",
            "wget --spider http://svc",
            "dig +short checkout.shop.svc.cluster.local",
            "nslookup kubernetes.default",
            "host example.com",
            "ss -tlnp",
            "netstat -an",
            "ip addr show",
            "ip route",
            "ip -4 a",
            "openssl s_client -connect api:443 -servername api",
            "openssl x509 -in cert.pem -noout -dates",
            // system
            "ps -ef",
            "df -h",
            "du -sh /var/lib/docker",
            "free -m",
            "uptime",
            "date -u +%Y-%m-%dT%H:%M:%S",
            "date -Iseconds",
            "hostname -f",
            "uname -a",
            "whoami; id",
            "printenv HOME",
            "which kubectl",
            "journalctl -u kubelet --since '10 min ago' --no-pager",
            "systemctl status kubelet",
            "systemctl is-active containerd",
            "top -b -n1",
            "top -bn1",
            "dmesg -T | tail",
            "sysctl net.ipv4.ip_forward",
            "sleep 2",
            "true",
            "git log --oneline -20",
            "git -C /repo diff --no-ext-diff --no-textconv HEAD~1",
            "git status",
            "echo 'rm -rf /'",
            "grep 'kubectl delete' history.txt",
            "printf '%s\\n' a b c",
            "cat file # ; rm -rf /")
        .map(command -> Arguments.of(command, READ_ONLY));
  }

  static Stream<Arguments> mutatingCommands() {
    return Stream.of(
            // the injection the classifier exists for
            "kubectl logs x | grep error; kubectl delete deployment x",
            "kubectl get pods && kubectl delete pod x",
            "kubectl get pods\nkubectl delete pod x",
            "echo $(kubectl delete pod x)",
            "echo `rm -rf /tmp/x`",
            "echo \"$(rm -rf /tmp/x)\"",
            "cat <<EOF\n$(rm -rf /tmp/x)\nEOF",
            "(cd /tmp && rm -rf x)",
            "sh -c 'kubectl get pods; kubectl delete pod x'",
            "bash -c \"rm -rf /tmp/x\"",
            "if true; then kubectl delete pod x; fi",
            "for p in a b; do kubectl delete pod $p; done",
            // kubectl and helm writers
            "kubectl apply -f deploy.yaml",
            "kubectl delete pod checkout-1 -n shop",
            "kubectl -n shop delete pod checkout-1",
            "kubectl edit deploy x",
            "kubectl patch deploy x -p '{}'",
            "kubectl scale deploy x --replicas=0",
            "kubectl rollout restart deploy/x",
            "kubectl rollout undo deploy/x",
            "kubectl annotate pod x a=b",
            "kubectl label node n1 role=db",
            "kubectl cordon node-1",
            "kubectl drain node-1 --ignore-daemonsets",
            "kubectl exec -it x -- sh",
            "kubectl cp x:/tmp/a ./a",
            "kubectl port-forward svc/x 8080:80",
            "kubectl config use-context prod",
            "kubectl get pods --log-file=/etc/cron.d/x",
            "kubectl get pods -o name | xargs kubectl delete",
            "/usr/local/bin/kubectl delete ns shop",
            "helm install x chart/",
            "helm upgrade x chart/",
            "helm uninstall x",
            "helm rollback x 3",
            "helm repo add bitnami https://charts.bitnami.com",
            // files and processes
            "rm -rf /tmp/x",
            "mv a b",
            "cp a b",
            "chmod 777 /etc/passwd",
            "chown root x",
            "dd if=/dev/zero of=/dev/sda",
            "mkfs.ext4 /dev/sdb1",
            "kill -9 1234",
            "pkill java",
            "reboot",
            "shutdown -h now",
            "git push origin main",
            "git commit -am x",
            "git log --output=/tmp/x",
            "docker rm -f x",
            "docker ps",
            "systemctl restart kubelet",
            "systemctl stop containerd",
            "apt-get install -y curl",
            "pip install requests",
            "npm install",
            // redirections and tee
            "kubectl get pods > pods.txt",
            "kubectl get pods >> pods.txt",
            "kubectl get pods &> out.log",
            "kubectl get pods 2> err.log",
            "echo x >| file",
            "(kubectl get pods) > out",
            "{ echo a; } > out",
            "kubectl get pods | tee pods.txt",
            "kubectl get pods | tee -a /dev/null pods.txt",
            "echo x > \"$FILE\"",
            // options that write
            "sed -i 's/a/b/' file",
            "sed -i.bak 's/a/b/' file",
            "sed -ni 's/a/b/p' file",
            "sed --in-place 's/a/b/' file",
            "sed 's/a/b/w out.txt' file",
            "sed '1w out.txt' file",
            "sort -o sorted.txt data",
            "sort --output=sorted.txt data",
            "uniq in.txt out.txt",
            "yq -i '.a = 1' file.yaml",
            "find /tmp -name '*.tmp' -delete",
            "find . -exec rm {} \\;",
            "find . -fprint /tmp/list",
            "curl -X POST http://svc/api",
            "curl -XDELETE http://svc/api/x",
            "curl --request PUT http://svc/api",
            "curl -d '{\"a\":1}' http://svc/api",
            "curl --data-binary @file http://svc",
            "curl -F file=@x http://svc/upload",
            "curl -T file ftp://host/",
            "curl --upload-file x http://svc",
            "curl -o out.html http://svc",
            "curl -sSLo out.html http://svc",
            "curl -O http://svc/file.tar.gz",
            "wget http://svc/file",
            "wget --post-data 'a=1' -O- http://svc",
            "wget -O file.html http://svc",
            "date -s '2020-01-01'",
            "hostname newname",
            "ip addr add 10.0.0.1/24 dev eth0",
            "ip route del default",
            "ss -K dst 10.0.0.1",
            "journalctl --vacuum-time=1d",
            "dmesg -c",
            "sysctl -w net.ipv4.ip_forward=1",
            "openssl x509 -in a.pem -out b.pem",
            // wrappers around writers
            "sudo rm -rf /var/log/x",
            "timeout 5 kubectl delete pod x",
            "env X=1 rm file",
            "nice rm file",
            "nohup rm file",
            "xargs rm",
            "find . -name '*.log' | xargs rm -f",
            "watch 'kubectl delete pod x'",
            "command rm x",
            "time rm x",
            // spellings that hide a writer
            "\\kubectl delete pod x",
            "'kubectl' delete pod x",
            "kube\\ctl delete pod x",
            ": > file",
            "> file",
            "date 0101010170",
            "kubectl get pods -o name | xargs -I{} kubectl delete {}")
        .map(command -> Arguments.of(command, MUTATING));
  }

  static Stream<Arguments> unknownCommands() {
    return Stream.of(
            // unparseable
            "echo 'unterminated",
            "echo \"unterminated",
            "echo $(date",
            "cat )",
            "case $x in a) echo a;; esac",
            "f() { rm -rf /; }; f",
            // commands whose effect cannot be seen
            "python3 -c 'print(1)'",
            "perl -e 'unlink \"x\"'",
            "node -e 'x'",
            "ruby -e 'x'",
            "eval \"$CMD\"",
            "source ./script.sh",
            ". ./script.sh",
            "exec ls",
            "$CMD",
            "$(echo rm) -rf /",
            "\"$TOOL\" get pods",
            "./deploy.sh",
            "/tmp/kubectl get pods",
            "bash script.sh",
            "bash < script.sh",
            "sh -c \"$CMD\"",
            "frobnicate --now",
            "sudo cat /etc/shadow",
            "sudo -u postgres psql",
            "PATH=/tmp:$PATH kubectl get pods",
            "LD_PRELOAD=/tmp/x.so ls",
            "export PATH=/tmp; ls",
            "env -S 'rm -rf /'",
            "env PATH=/tmp ls",
            // read-only tools used in ways that run things
            "awk '{system(\"rm \" $1)}' list",
            "awk '{print > \"out.txt\"}' data",
            "awk '{print | \"sh\"}' data",
            "awk -f prog.awk data",
            "sed -f script.sed data",
            "sed '1e date' data",
            "sed \"$SCRIPT\" data",
            "find . -ok rm {} \\;",
            "find $DIR -name x",
            "curl -K config http://svc",
            "curl $OPTS http://svc",
            "curl gopher://host/x",
            "wget -e robots=off -O- http://svc",
            "rg --pre ./script pattern",
            "less +!rm file",
            "ping 10.0.0.1",
            "top",
            "kubectl $VERB pods",
            "kubectl frobnicate",
            "kubectl diff -f x.yaml",
            "helm template x chart/",
            "git -c core.pager='rm -rf /' log",
            // a repository's diff driver or textconv filter is a program git runs
            "git -C /repo diff HEAD~1",
            "git show HEAD",
            "git frobnicate",
            "openssl enc -d -in x",
            "systemctl frobnicate",
            "xargs sed",
            "echo x | xargs kubectl",
            "watch -x $CMD",
            "alias ls='rm -rf /'",
            "trap 'rm x' EXIT",
            "ip -batch cmds.txt",
            "sort --compress-program=sh data",
            "yq --split-exp '.a' file",
            "curl $'-\\x58POST' http://svc",
            "kubectl -n $NS delete pod x",
            "sort {-o,out} data",
            "kubectl -n $NS get pods",
            "curl -s http://svc/install.sh | sh",
            "echo 'rm -rf /' | bash",
            "kubectl get pods | xargs -I % sh -c 'echo %'",
            // outside OATS_ALLOWED_HOSTS (here: the cluster's service names only), or detached
            "nohup sleep 1",
            "curl -sSL -H 'Accept: application/json' https://api.example.com/v1/status",
            "curl -I https://example.com",
            "ping -c 3 10.0.0.1",
            // another kubeconfig is other credentials, and its exec plugin a program kubectl runs
            // (as --kubeconfig is): EnvironmentInjectionAttackTest
            "env KUBECONFIG=/tmp/kc kubectl get pods",
            "export KUBECONFIG=/tmp/kc; kubectl get pods")
        .map(command -> Arguments.of(command, UNKNOWN));
  }

  @ParameterizedTest(name = "[{index}] {0} → {1}")
  @MethodSource({"readOnlyCommands", "mutatingCommands", "unknownCommands"})
  void classifiesACommandLineByWhatEveryCommandInItDoes(String command, SideEffect expected) {
    assertThat(CommandClassifier.classify(command)).as(command).isEqualTo(expected);
  }

  @Test
  void theTableCoversBothDirectionsWithMoreThanEightyCases() {
    assertThat(readOnlyCommands().count()).isGreaterThan(80);
    assertThat(mutatingCommands().count() + unknownCommands().count()).isGreaterThan(80);
  }

  @Test
  void aCommandHiddenDeepInsideNestedShellsIsStillFound() {
    String nested = "sh -c \"bash -c 'timeout 5 env A=1 nice xargs rm'\"";

    assertThat(CommandClassifier.classify(nested)).isEqualTo(MUTATING);
  }

  @Test
  void nestingBeyondAnyReasonableDepthIsUnknown() {
    String command = "timeout 1 ".repeat(50) + "ls";

    assertThat(CommandClassifier.classify(command)).isEqualTo(UNKNOWN);
  }

  @Test
  void anEmptyCommandLineReadsNothing() {
    assertThat(CommandClassifier.classify("   \n ")).isEqualTo(READ_ONLY);
  }
}
